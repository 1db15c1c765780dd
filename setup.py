"""Maps the top-level `resurser/` folder into the wheel as `handledare_app/resurser`.

pyproject.toml holds all metadata; this file only adds the mapping, which the
declarative configuration cannot combine with package discovery.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["handledare_app*"]), "handledare_app.resurser"],
    package_dir={"handledare_app.resurser": "resurser"},
    package_data={
        "handledare_app.resurser": ["**/*"],
        "handledare_app.storage.migrations": ["script.py.mako"],
    },
)
