# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The three addons as Python packages: each addon folder builds a wheel
(whool, from its pyproject.toml), and a fresh virtual environment with Odoo
and those three wheels pulls in their dependencies from the package index
(OCA's helpdesk_mgmt and queue_job) and installs the suite in a new database
with no addons path pointing at this checkout."""

import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from odoo_server import required_env, scratch_database

ROOT = Path(__file__).resolve().parent.parent
ADDONS = [
    "partner_relationship",
    "partner_relationship_portal",
    "partner_relationship_sync",
]
# Installed only because the suite's wheels depend on them.
OCA_ADDONS = ["helpdesk_mgmt", "queue_job"]
COMMAND_TIMEOUT = 1800

REPORT_SCRIPT = """
import importlib
import importlib.metadata
import json
import sysconfig

import odoo

names = %r
suite = %r
modules = env["ir.module.module"].search([("name", "in", names)])
print("PRM-WHEELS " + json.dumps({
    "addons_path": odoo.tools.config["addons_path"],
    "site_packages": sysconfig.get_paths()["purelib"],
    "states": {module.name: module.state for module in modules},
    "files": {
        name: importlib.import_module("odoo.addons." + name).__file__
        for name in names
    },
    "versions": {
        name: importlib.metadata.version("odoo-addon-" + name) for name in suite
    },
}))
"""


def _run(command, env, **kwargs):
    result = subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
        **kwargs,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} failed:\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


@pytest.fixture(scope="module")
def workdir():
    """Wheels, the virtual environment and the filestore, all removed after."""
    path = Path(tempfile.mkdtemp(prefix="prm-wheels-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def pip_env(workdir):
    """The environment of every pip and Odoo command: nothing of this
    checkout's virtual environment, and the OCA addons pinned to the versions
    the suite is tested with (requirements.txt)."""
    pins = [
        line.split("#")[0].strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.startswith("odoo-addon-")
    ]
    constraints = workdir / "constraints.txt"
    # Old sdists in Odoo's pinned list import pkg_resources at build time.
    constraints.write_text("\n".join(["setuptools<81", *pins]) + "\n")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    env["PIP_CONSTRAINT"] = env["PIP_BUILD_CONSTRAINT"] = str(constraints)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def wheels(workdir, pip_env):
    wheel_dir = workdir / "wheels"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", wheel_dir]
        + [ROOT / addon for addon in ADDONS],
        pip_env,
    )
    return sorted(wheel_dir.glob("*.whl"))


@pytest.fixture(scope="module")
def venv(workdir, pip_env, wheels):
    """A new virtual environment: Odoo from its source (editable, as whool's
    documentation installs it) with its pinned requirements, then the three
    wheels and, from the index, what they depend on."""
    odoo_src = Path(required_env("ODOO_SRC"))
    path = workdir / "venv"
    _run([sys.executable, "-m", "venv", path], pip_env)
    requirements = workdir / "odoo-requirements.txt"
    # python-ldap only serves auth_ldap and needs LDAP headers to build.
    requirements.write_text(
        "".join(
            line
            for line in (odoo_src / "requirements.txt").read_text().splitlines(True)
            if not line.lower().startswith("python-ldap")
        )
    )
    # One resolution: Odoo's pins, Odoo itself, the wheels and what they need.
    _run(
        [
            path / "bin" / "python",
            "-m",
            "pip",
            "install",
            "-q",
            "-r",
            requirements,
            "-e",
            odoo_src,
            "--config-settings",
            "editable_mode=compat",
            *wheels,
        ],
        pip_env,
        cwd=workdir,
    )
    return path


@pytest.fixture(scope="module")
def database():
    # Its filestore is in workdir, removed with it.
    yield from scratch_database("PRM_TEST_WHEELS_DB")


def _odoo(venv, workdir, database, *args):
    # No --addons-path: Odoo's default (its own addons) and what is installed
    # in the environment's odoo/addons. An empty configuration file, not the
    # user's ~/.odoorc.
    config = workdir / "odoo.conf"
    config.touch()
    return [
        venv / "bin" / "odoo",
        *args,
        f"--config={config}",
        "-d",
        database,
        f"--data-dir={workdir / 'data'}",
        "--no-http",
    ]


def _manifest_version(addon):
    manifest = ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())
    return manifest["version"]


def test_wheels_install_the_suite_without_addons_path(venv, workdir, pip_env, database):
    log = workdir / "install.log"
    _run(
        _odoo(
            venv,
            workdir,
            database,
            "-i",
            ",".join(ADDONS),
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
            f"--logfile={log}",
        ),
        pip_env,
        cwd=workdir,
    )
    problems = [
        line
        for line in log.read_text().splitlines()
        if any(f" {level} " in line for level in ("WARNING", "ERROR", "CRITICAL"))
    ]
    assert not problems, "\n".join(problems[:20])

    output = _run(
        _odoo(venv, workdir, database, "shell", "--log-level=warn"),
        pip_env,
        cwd=workdir,
        input=REPORT_SCRIPT % (ADDONS + OCA_ADDONS, ADDONS),
    )
    report = json.loads(
        next(
            line.split(" ", 1)[1]
            for line in output.splitlines()
            if line.startswith("PRM-WHEELS ")
        )
    )
    assert report["states"] == dict.fromkeys(ADDONS + OCA_ADDONS, "installed")
    assert str(ROOT) not in report["addons_path"]
    installed_addons = Path(report["site_packages"]) / "odoo" / "addons"
    for name, file in report["files"].items():
        assert Path(file).resolve().parent == (installed_addons / name).resolve(), name
        assert not Path(file).resolve().is_relative_to(ROOT.resolve()), name
    for addon in ADDONS:
        # whool's version: the manifest's, plus the commits since it changed.
        version = report["versions"][addon]
        assert f"{version}.".startswith(f"{_manifest_version(addon)}."), addon
