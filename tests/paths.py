"""Where things are, for tests in any folder below tests/ (unit/<module>/, acceptance/)."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
GOLDEN = TESTS / "golden"
ARTIFACTS = TESTS / "artifacts"
