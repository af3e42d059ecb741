# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Compare two logs of Odoo's test runner: the same tests run on a database
without the suite and on one with it (setup/odoo_tests.sh).

Reads, from each log, the tests started (``Starting Class.test ...``), the
failures and errors (``FAIL: ...`` and ``ERROR: ...``, with the last line of
their traceback) and Odoo's own summary (``N failed, M error(s) of K tests
when loading database``). A test is named ``module.tests.file.Class.method``;
a failing subtest counts as its test, a failing ``setUpClass`` as
``module.tests.file.Class.setUpClass``.

Prints a table per module (tests run, failed, errors, each way), the tests
failing only with the suite, those failing only without it and those failing
both ways. Exits 1 when a test fails only with the suite, 2 when a log is
incomplete (the runner stopped before its summary), 0 otherwise.

    python setup/odoo_tests_compare.py WITHOUT.log WITH.log
"""

import re
import sys
from dataclasses import dataclass, field

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>[\w.]+): (?P<message>.*)$"
)
ADDON_LOGGER = re.compile(r"^odoo\.addons\.(?P<module>\w+)\.[\w.]+$")
STARTING = re.compile(r"^Starting (?P<name>[\w.]+) \.\.\.\s*$")
PROBLEM = re.compile(r"^(?P<kind>FAIL|ERROR): (?P<description>.*)$")
EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(: |$)")
SUBTEST = re.compile(r"^Subtest (?P<name>[\w.]+)")
HOLDER = re.compile(r"^(?P<hook>\w+) \(odoo\.addons\.(?P<where>[\w.]+)\)")
SUMMARY = re.compile(
    r"^(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)
POST_TESTS = re.compile(r"^(?P<run>\d+) post-tests in ")


@dataclass
class RunLog:
    """What one run of Odoo's test runner logged."""

    started: list = field(default_factory=list)
    problems: dict = field(default_factory=dict)  # test id -> (kind, reason)
    summary: tuple | None = None  # Odoo's own (failed, errors, run)
    post_install: int = 0  # tests run once every module was installed

    def failing(self, kind=None):
        return {
            test
            for test, (test_kind, _reason) in self.problems.items()
            if kind is None or test_kind == kind
        }


def test_id(logger, description):
    """The test a FAIL/ERROR line is about, or None when it names none."""
    subtest = SUBTEST.match(description)
    if subtest:
        description = subtest["name"]
    holder = HOLDER.match(description)
    if holder:
        # setUpClass (odoo.addons.crm.tests.test_x.TestX): no test ran
        return f"{holder['where']}.{holder['hook']}"
    if ADDON_LOGGER.match(logger):
        return f"{logger.removeprefix('odoo.addons.')}.{description.split()[0]}"
    return None


def read_log(path):
    run = RunLog()
    current = None  # [test id, kind, lines of its traceback]

    def close():
        if current is None:
            return
        test, kind, lines = current
        # The exception's line (an assertion's diff may follow it).
        reasons = [line for line in lines if EXCEPTION.match(line)] or [
            line.strip() for line in lines if line.strip()
        ]
        reason = reasons[-1] if reasons else ""
        # An ERROR after a FAIL of the same test (subtests) keeps the first.
        run.problems.setdefault(test, (kind, reason))

    with open(path, encoding="utf-8", errors="replace") as log:
        for raw in log:
            line = raw.rstrip("\n")
            match = LINE.match(line)
            if not match:
                if current is not None:
                    current[2].append(line)
                continue
            close()
            current = None
            logger, message = match["logger"], match["message"]
            starting = STARTING.match(message)
            if starting and ADDON_LOGGER.match(logger):
                run.started.append(
                    f"{logger.removeprefix('odoo.addons.')}.{starting['name']}"
                )
                continue
            problem = PROBLEM.match(message)
            if problem and match["level"] == "ERROR":
                test = test_id(logger, problem["description"])
                if test:
                    current = [test, problem["kind"], []]
                continue
            post_tests = POST_TESTS.match(message)
            if post_tests:
                run.post_install += int(post_tests["run"])
            summary = SUMMARY.match(message)
            if summary:
                run.summary = (
                    int(summary["failed"]),
                    int(summary["errors"]),
                    int(summary["run"]),
                )
        close()
    return run


def module_of(test):
    return test.split(".", 1)[0]


def row(name, left, right):
    """One line of the table: a name, then (run, failed, errors) each way."""
    cells = "".join(f"{value:>7}" for value in left)
    cells += "   " + "".join(f"{value:>7}" for value in right)
    return f"{name:<28}{cells}"


def counts(run, module=None):
    """(tests run, tests failed, tests in error) of a run, or of one module."""

    def of_module(tests):
        return [test for test in tests if module in (None, module_of(test))]

    return (
        len(of_module(run.started)),
        len(of_module(run.failing("FAIL"))),
        len(of_module(run.failing("ERROR"))),
    )


def print_table(without, with_suite):
    runs = (without, with_suite)
    modules = sorted(
        {module_of(test) for run in runs for test in run.started}
        | {module_of(test) for run in runs for test in run.problems}
    )
    header = row("module", ("run", "failed", "errors"), ("run", "failed", "errors"))
    print(f"{'':<28}{'without the suite':^21}   {'with the suite':^21}")
    print(header)
    print("-" * len(header))
    for module in modules:
        print(row(module, counts(without, module), counts(with_suite, module)))
    print("-" * len(header))
    print(row("total", counts(without), counts(with_suite)))
    for name, run in (("without the suite", without), ("with the suite", with_suite)):
        failed, errors, total = run.summary
        at_install = total - run.post_install
        print(
            f"Odoo's summary {name}: {failed} failed, {errors} error(s) of "
            f"{total} tests ({at_install} at_install, {run.post_install} post_install)"
        )


def print_tests(title, tests, runs):
    print(f"\n{title}: {len(tests)}")
    for test in sorted(tests):
        kind, reason = next(run.problems[test] for run in runs if test in run.problems)
        print(f"  {kind:<5} {test}\n        {reason[:200]}")


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    without, with_suite = read_log(argv[1]), read_log(argv[2])
    incomplete = [
        path
        for path, run in zip(argv[1:], (without, with_suite), strict=True)
        if run.summary is None
    ]
    if incomplete:
        for path in incomplete:
            print(f"Incomplete test log (no summary line): {path}", file=sys.stderr)
        return 2
    print_table(without, with_suite)
    only_with = with_suite.failing() - without.failing()
    only_without = without.failing() - with_suite.failing()
    both = with_suite.failing() & without.failing()
    print_tests("Failing only with the suite", only_with, [with_suite])
    print_tests("Failing only without the suite", only_without, [without])
    print_tests("Failing both ways (as logged with the suite)", both, [with_suite])
    ran_only = {
        "Run only without the suite": set(without.started) - set(with_suite.started),
        "Run only with the suite": set(with_suite.started) - set(without.started),
    }
    for title, tests in ran_only.items():
        if tests:
            print(f"\n{title}: {len(tests)}")
            for test in sorted(tests):
                print(f"  {test}")
    return 1 if only_with else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
