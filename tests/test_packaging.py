"""The PyInstaller build works: the frozen application answers and starts headless."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from stratplan import __version__

ROOT = Path(__file__).resolve().parent.parent


def test_frozen_application_runs(tmp_path: Path) -> None:
    dist, work = tmp_path / "dist", tmp_path / "build"
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
         "--distpath", str(dist), "--workpath", str(work), str(ROOT / "build.spec")],
        cwd=ROOT, check=True, timeout=900, capture_output=True,
    )
    exe = dist / "stratplan" / ("stratplan.exe" if os.name == "nt" else "stratplan")
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120, check=True)
    assert version.stdout.strip() == f"StratPlan {__version__}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STRATPLAN_HOME": str(tmp_path / "home")}
    smoke = subprocess.run([str(exe), "--db", str(tmp_path / "s.sqlite"), "--smoke-test"], env=env,
                           capture_output=True, text=True, timeout=300, check=False)
    assert smoke.returncode == 0, smoke.stderr
    assert "window shown, 60 plan points" in smoke.stdout
