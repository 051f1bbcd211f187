"""Rules: checks that run on the loaded model and yield problems.

The loader already reported yaml.*, file.*, schema.*, ref.* and time zone
problems; ``run_rules`` adds the rule modules' findings, then applies the
severities configured in policies/rules.yml and sorts everything.
"""

from __future__ import annotations

from datetime import datetime

from .. import model as m
from ..problems import Problem, ProblemList


def run_rules(handbook: m.Handbook, now: datetime) -> list[Problem]:
    problems = ProblemList(list(handbook.problems))
    return problems.sorted()
