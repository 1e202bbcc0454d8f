"""Runs unittest discovery and writes a JUnit XML report, so the agent reads results from a file, not from console text.

Shipped with the agent (src/Agent.Activities/Assessment/Python). Usage:
    python3 unittest_junit.py REPORT [START_DIR] [PATTERN...]
Discovery follows `python -m unittest` (start directory '.', top-level directory '.', pattern 'test*.py'); every
pattern given is discovered in turn (the agent passes 'test*.py' and '*_test.py'). A module that fails to import is
reported as a failing test named after it, as unittest itself does. The exit code is 0 when every test passed, 1 when
one failed, and 2 when the report could not be written.
"""
import os
import sys
import time
import traceback
import unittest
import xml.etree.ElementTree as ET


class JUnitResult(unittest.TextTestResult):
    """Keeps every test's outcome, message and traceback."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = []
        self._started = {}

    def startTest(self, test):
        self._started[test.id()] = time.monotonic()
        super().startTest(test)

    def _record(self, test, outcome, err=None, reason=None):
        elapsed = max(0.0, time.monotonic() - self._started.get(test.id(), time.monotonic()))
        message, details = None, None
        if err is not None:
            exc_type, exc_value, _ = err
            # The first line only: an import failure's message carries a whole traceback.
            message = "".join(traceback.format_exception_only(exc_type, exc_value)).strip().splitlines()[0]
            details = self._exc_info_to_string(err, test)
        elif reason is not None:
            message = str(reason)
        self.cases.append((test, outcome, message, details, elapsed))

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "passed")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "failure", err)

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skipped", reason=reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._record(test, "passed")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._record(test, "failure", reason="unexpected success")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._record(subtest, "failure" if issubclass(err[0], test.failureException) else "error", err)


def split_id(test):
    """('package.module.Class', 'method') for a test; a subtest adds its parameters to the method's name; a module that
    failed to import ('unittest.loader._FailedTest.module') has no class."""
    if isinstance(test, unittest.case._SubTest):
        head, _, name = test.test_case.id().rpartition(".")
        return head, f"{name} {test._subDescription()}"
    head, _, name = test.id().rpartition(".")
    if head.startswith("unittest.loader._FailedTest"):
        return "", name
    return head, name


def main(argv):
    if len(argv) < 2:
        print("usage: unittest_junit.py REPORT [START_DIR] [PATTERN...]", file=sys.stderr)
        return 2
    report = argv[1]
    start = argv[2] if len(argv) > 2 else "."
    patterns = argv[3:] or ["test*.py"]
    sys.path.insert(0, os.path.abspath("."))
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    seen = set()
    for pattern in patterns:
        for test in iter_tests(loader.discover(start, pattern=pattern, top_level_dir=".")):
            if test.id() not in seen:
                seen.add(test.id())
                suite.addTest(test)
    runner = unittest.TextTestRunner(resultclass=JUnitResult, verbosity=1, stream=sys.stderr)
    result = runner.run(suite)

    root = ET.Element("testsuite", name="unittest", tests=str(len(result.cases)),
                      failures=str(sum(1 for c in result.cases if c[1] == "failure")),
                      errors=str(sum(1 for c in result.cases if c[1] == "error")),
                      skipped=str(sum(1 for c in result.cases if c[1] == "skipped")))
    for test, outcome, message, details, elapsed in result.cases:
        classname, name = split_id(test)
        case = ET.SubElement(root, "testcase", classname=classname, name=name, time=f"{elapsed:.3f}")
        if outcome in ("failure", "error"):
            element = ET.SubElement(case, outcome, message=message or "")
            element.text = details or ""
        elif outcome == "skipped":
            ET.SubElement(case, "skipped", message=message or "")
    try:
        ET.ElementTree(root).write(report, encoding="utf-8", xml_declaration=True)
    except OSError as error:
        print(f"unittest_junit.py: cannot write {report}: {error}", file=sys.stderr)
        return 2
    return 0 if result.wasSuccessful() else 1


def iter_tests(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from iter_tests(item)
        else:
            yield item


if __name__ == "__main__":
    sys.exit(main(sys.argv))
