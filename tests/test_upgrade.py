# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A database of the previous release keeps its data through ``-u``.

The previous release is the newest release (docs/RELEASING.md, Tags: the
git tags and the table of releases there, for a clone without tags) of
this checkout's history whose addon versions differ from the checkout's: the
release a user upgrades from once this checkout is released. Its three
addons are taken out of git into a temporary directory, installed in a new
database (no demo data) with the same Odoo, given data through their own
code (upgrade/create_data.py), then upgraded with this checkout's
addons. Partners, tiers, agreements, leads with their pending offers, a fund
with its posted claim, a sync connection with its bindings, its pending
outbox message and its inbox must read the same afterwards.

upgrade/snapshot.py reads them on both sides. When a release changes a field
the scripts use, they follow, as long as the previous release has it.
"""

import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from odoo_server import odoo_shell, required_env, scratch_database

ROOT = Path(__file__).resolve().parents[1]
ADDONS = (
    "partner_relationship",
    "partner_relationship_portal",
    "partner_relationship_sync",
)
TAG_PATTERN = "v18.0.*"
SCRIPTS = Path(__file__).resolve().parent / "upgrade"


def _script(*names):
    """The Odoo shell scripts of tests/upgrade/ `names`, as one."""
    return "\n".join(
        (SCRIPTS / f"{name}.py").read_text(encoding="utf-8") for name in names
    )


def _git(*args):
    return subprocess.run(
        ["git", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _versions(read_manifest):
    return {
        addon: ast.literal_eval(read_manifest(addon))["version"] for addon in ADDONS
    }


def _version(text):
    return tuple(int(part) for part in text.split("."))


def _checkout_versions():
    return _versions(
        lambda addon: (ROOT / addon / "__manifest__.py").read_text(encoding="utf-8")
    )


def _release_versions(commit):
    return _versions(lambda addon: _git("show", f"{commit}:{addon}/__manifest__.py"))


def _recorded_releases():
    """{tag: commit} of the table of releases in docs/RELEASING.md (Tags):
    a clone made without the tags (CI's) still knows the releases."""
    text = (ROOT / "docs" / "RELEASING.md").read_text(encoding="utf-8")
    return dict(
        re.findall(r"^\| `(v18\.0\.[0-9.]+)` \| `([0-9a-f]{7,40})` \|", text, re.M)
    )


def _commit(revision):
    """The full id of `revision`'s commit; None when the clone lacks it."""
    result = subprocess.run(
        [
            "git",
            "-C",
            str(ROOT),
            "rev-parse",
            "--verify",
            "--quiet",
            f"{revision}^{{commit}}",
        ],
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() or None


def _in_history(commit):
    return (
        subprocess.run(
            ["git", "-C", str(ROOT), "merge-base", "--is-ancestor", commit, "HEAD"],
            capture_output=True,
        ).returncode
        == 0
    )


def previous_release():
    """(tag, commit, its versions): the newest release of HEAD's history
    whose versions are not the checkout's. The releases are the git tags
    and the table of docs/RELEASING.md; a tag and its row must agree."""
    releases = {}
    recorded_releases = _recorded_releases()
    shallow = _git("rev-parse", "--is-shallow-repository").strip() == "true"
    if shallow and not all(map(_commit, recorded_releases.values())):
        # A clone made with --depth: its origin has the history.
        subprocess.run(
            ["git", "-C", str(ROOT), "fetch", "--quiet", "--unshallow", "--no-tags"],
            capture_output=True,
            timeout=300,
        )
    for tag, recorded in recorded_releases.items():
        commit = _commit(recorded)
        if commit is None:
            pytest.fail(
                f"Release {tag} ({recorded}, docs/RELEASING.md) is not in this "
                "clone: clone the whole history (no --depth)"
            )
        releases[tag] = commit
    for tag in _git("tag", "--list", TAG_PATTERN).split():
        commit = _commit(tag)
        assert releases.setdefault(tag, commit) == commit, (
            f"Tag {tag} is {commit}, docs/RELEASING.md says {releases[tag]}"
        )
    current = _checkout_versions()
    for tag in sorted(releases, key=lambda tag: _version(tag[1:]), reverse=True):
        if not _in_history(releases[tag]):
            continue
        versions = _release_versions(releases[tag])
        if versions != current:
            return tag, releases[tag], versions
    return None, None, None


def _run(addons_path, database, *args, log_name):
    """odoo-bin on `database` to the end; fails on a warning or an error in
    its log (as setup/test.sh fails an install that logs a warning: an
    upgrade's typical mistakes, a view inconsistent with its fields, a model
    without access rules, are warnings)."""
    log_path = Path(required_env("PRM_LOG_DIR")) / f"{log_name}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text("", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            required_env("PRM_ODOO_BIN"),
            f"--addons-path={addons_path}",
            f"--data-dir={required_env('PRM_DATA_DIR')}",
            "-d",
            database,
            *args,
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
            f"--logfile={log_path}",
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        stdin=subprocess.DEVNULL,
    )
    log = log_path.read_text(encoding="utf-8")
    assert result.returncode == 0, (result.stderr + log)[-4000:]
    errors = [
        line
        for line in log.splitlines()
        if any(level in line for level in (" WARNING ", " ERROR ", " CRITICAL "))
    ]
    assert not errors, f"{log_path}:\n" + "\n".join(errors)[:4000]
    return log


def _shell(addons_path, database, script):
    """Runs `script` in odoo-bin shell; {NAME: value} of its PRM-NAME lines."""
    output = odoo_shell(database, script, addons_path)
    return {
        name.removeprefix("PRM-"): json.loads(value)
        for name, value in (
            line.split(" ", 1)
            for line in output.splitlines()
            if line.startswith("PRM-")
        )
    }


@pytest.fixture(scope="module")
def release():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: no release to upgrade from")
    tag, commit, versions = previous_release()
    if not tag:
        pytest.fail(
            "No release (docs/RELEASING.md, Tags) in HEAD's history with other "
            "versions than the checkout's"
        )
    return tag, commit, versions


@pytest.fixture(scope="module")
def old_addons(release):
    """The previous release's addons, out of git, in a temporary directory."""
    _tag, commit, _versions = release
    path = tempfile.mkdtemp(prefix="prm-release-")
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, *ADDONS],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", path], input=archive, check=True)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def database():
    yield from scratch_database(
        "PRM_TEST_UPGRADE_DB", data_dir=required_env("PRM_DATA_DIR")
    )


def _addons_path(suite_path):
    """Odoo's addons (PRM_ADDONS_PATH without this checkout) and `suite_path`."""
    others = [
        path
        for path in required_env("PRM_ADDONS_PATH").split(",")
        if Path(path).resolve() != ROOT
    ]
    return ",".join([*others, str(suite_path)])


def test_previous_release_upgrades_with_its_data(release, old_addons, database):
    tag, _commit_id, old_versions = release
    old_path = _addons_path(old_addons)
    new_path = _addons_path(ROOT)
    modules = ",".join(ADDONS)

    _run(
        old_path,
        database,
        "-i",
        modules,
        "--without-demo=all",
        log_name=f"upgrade-install-{tag}",
    )
    created = _shell(old_path, database, _script("create_data", "snapshot"))
    assert created["VERSIONS"] == old_versions
    before = created["SNAPSHOT"]

    _run(new_path, database, "-u", modules, log_name=f"upgrade-from-{tag}")
    upgraded = _shell(new_path, database, _script("snapshot", "rule_factors"))

    assert upgraded["VERSIONS"] == _checkout_versions()
    after = upgraded["SNAPSHOT"]
    # What the data is, so that an empty snapshot cannot pass.
    assert sorted(partner["name"] for partner in before["partners"]) == [
        "Upgrade Formosa Systems",
        "Upgrade Harbor Networks",
    ]
    assert [offer["state"] for offer in before["offers"]] == ["offered"] * 3
    assert {message["kind"] for message in before["outbox"]} >= {
        "lead_offer",
        "lead_recall",
    }
    assert {message["state"] for message in before["outbox"]} == {"pending"}
    assert len(before["bindings"]) == 3 and len(before["inbox"]) == 2
    assert [claim["bill"][0] for claim in before["claims"]] == ["posted"]
    for key in before:
        assert after[key] == before[key], key
    if _version(old_versions["partner_relationship"]) < _version("18.0.1.7.0"):
        # migrations/18.0.1.7.0: the rules made before route as they did.
        assert upgraded["RULE_FACTORS"] == {
            "Upgrade Taiwan": [0, 0],
            "Upgrade United States": [0, 0],
        }
