"""Installed copies of StratPlan work: the wheel in a fresh venv, and the PyInstaller app.

Both carry the top-level resources/ folder (demo data, templates, translations) as the package
`stratplan._resources`, and find it the same way the editable install does.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import docx
import pytest

from stratplan import __version__
from stratplan.resources import resource_root

ROOT = Path(__file__).resolve().parent.parent
# What a build reads: the same files an sdist carries (see MANIFEST.in).
SOURCES = ("stratplan", "resources", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")

pytestmark = pytest.mark.packaging


def test_the_editable_install_finds_the_resources_through_the_package() -> None:
    spec = importlib.util.find_spec("stratplan._resources")
    assert spec is not None, "reinstall with `pip install -e .` (scripts/install.sh does it)"
    assert spec.origin == str(ROOT / "resources" / "__init__.py")
    assert resource_root() == ROOT / "resources"


def _build_wheel(tmp_path: Path) -> Path:
    """A wheel built from a clean copy of the sources, so no stale build/ folder leaks in."""
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(origin, src / name)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(src)],
                   check=True, timeout=600, capture_output=True)
    (wheel,) = wheels.glob("stratplan-*.whl")
    return wheel


def _fresh_venv(tmp_path: Path, wheel: Path) -> Path:
    """A venv holding only the wheel; our dependencies come from this venv, searched after it."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, timeout=300, capture_output=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # A .pth line is appended to sys.path after the venv's own site-packages, so stratplan comes
    # from the wheel; our site-packages' own .pth files (the editable install's) are not run.
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "stratplan-test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return python


def test_the_wheel_runs_demo_and_export_from_a_fresh_venv(tmp_path: Path) -> None:
    python = _fresh_venv(tmp_path, _build_wheel(tmp_path))
    work = tmp_path / "elsewhere"  # not the source tree, which would shadow the installed package
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["STRATPLAN_HOME"] = str(tmp_path / "home")

    def run(*argv: str) -> str:
        done = subprocess.run([str(python), *argv], cwd=work, env=env, capture_output=True, text=True,
                              timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = json.loads(run("-c", "import json, stratplan; from stratplan.resources import resource_path as r; "
                                 "print(json.dumps([stratplan.__file__, str(r('templates', "
                                 "'stratplan-reference.docx')), str(r('translations', 'stratplan_lt.qm'))]))"))
    for path in where:
        assert Path(path).is_relative_to(tmp_path / "venv"), path
        assert Path(path).is_file(), path
    store = str(tmp_path / "store.sqlite")
    counts = json.loads(run("-m", "stratplan", "--db", store, "demo", "--json"))
    assert counts["organisations"] == 33 and counts["proposals"] == 60 and counts["needs"] == 66
    out = tmp_path / "training.docx"
    written = json.loads(run("-m", "stratplan", "--db", store, "export", "training-plan", str(out), "--json"))
    assert written["format"] == "docx"
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == ["1. Training we receive", "2. Training we give"]
    assert document.paragraphs[0].style is not None and document.paragraphs[0].style.name == "Title"


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
    # 60 plan points: the demo coalition was read from the resources inside the frozen app.
    assert "window shown, 60 plan points" in smoke.stdout
    # The overlap finder's model travels with the app: the demo's Lithuanian and English
    # proposals on the same law are suggested together, which character n-grams alone miss.
    found = subprocess.run([str(exe), "--db", str(tmp_path / "s.sqlite"), "overlaps"], env=env,
                           capture_output=True, text=True, timeout=300, check=True)
    pair = [line for line in found.stdout.splitlines() if "State-level laws to vacate" in line]
    assert pair and "Prostitucijos paslaugų pirkimo" in pair[0], found.stdout
