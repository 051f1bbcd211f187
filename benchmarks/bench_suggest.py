"""Benchmark: did-you-mean hints for many misspelt ids in a large team, against a floor measured in the same run.

Issue 10 measured 81 s for 11,000 people and 300 misspellings when every
misspelt id was compared with every person. The floor is one such naive
suggestion (difflib over all people for one word); the target is that all
300 suggestions, index included, cost less than three naive ones: ratio <= 3.
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from synth import best_of, verdict

from playbook import suggest


def people(count: int) -> dict[str, int]:
    rng = random.Random(10)
    first = ["ana", "ben", "cara", "dev", "eli", "fay", "gus", "hana"]
    roles = ["lead", "writer", "legal", "brand", "care"]
    return {f"{rng.choice(first)}-{rng.choice(roles)}-{n}": n for n in range(count)}


def suggest_all(team: dict, typos: list[str]) -> list:
    suggest._INDEXES.clear()
    return [suggest.did_you_mean(word, team) for word in typos]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=11_000)
    parser.add_argument("--typos", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    team = people(args.people)
    rng = random.Random(11)
    typos = [name[:2] + name[3:] for name in rng.sample(sorted(team), args.typos)]
    base = best_of(args.runs, lambda: difflib.get_close_matches(typos[0], list(team), n=1, cutoff=0.6))[0].cpu
    ours, hints = best_of(args.runs, suggest_all, team, typos)
    ours = ours.cpu
    assert all(hints), "every misspelling one edit away gets a suggestion"
    print(f"did-you-mean for {args.typos} typos among {args.people} people: {ours:.2f} s; floor (one naive "
          f"suggestion): {base:.2f} s; ratio {ours / base:.2f} (target <= 3: {verdict(ours / base <= 3)})")


if __name__ == "__main__":
    main()
