"""Build hook: the top-level resources/ folder becomes the package `stratplan._resources`.

Everything else is declared in pyproject.toml. The one thing pyproject cannot say is a package
whose files live outside the package folder: the design keeps resources/ at the top of the
tree, and this mapping puts it inside every wheel and editable install, where
`stratplan.resources` finds it through importlib.resources.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["stratplan", "stratplan.*"], exclude=["*.__pycache__"]),
        "stratplan._resources",
    ],
    package_dir={"stratplan._resources": "resources"},
)
