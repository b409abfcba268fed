"""Installed as the package `stratplan._resources`: StratPlan's icons, translations, templates, demo data.

The folder stays at the top of the source tree; setup.py maps it into the package for the wheel
and the editable install, build.spec does the same for the frozen app, and
`stratplan.resources` finds it through importlib.resources in all three. This file only makes
the folder a package so that importlib can find it behind an editable install's mapping.
"""
