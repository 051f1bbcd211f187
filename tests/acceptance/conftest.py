"""Fixtures shared by the acceptance tests."""

import shutil

import pytest
from paths import REPO


@pytest.fixture
def example(tmp_path):
    """A copy of the example handbook (calendar/, content/, policies/) to run commands in and edit."""
    for folder in ("calendar", "content", "policies"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path
