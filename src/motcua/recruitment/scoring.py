"""Pure recruitment maths, no database: test assembly, round-1 scoring, marker reconciliation, priority
points and the ranking with Decree 170/2025/NĐ-CP's tie-breaks. Property-tested in tests/test_scoring.py."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from motcua.recruitment.constants import Result

TWO_PLACES = Decimal("0.01")


class BankTooSmall(ValueError):
    def __init__(self, difficulty: str, wanted: int, available: int):
        super().__init__(f"{difficulty}: {wanted} wanted, {available} in the bank")
        self.difficulty, self.wanted, self.available = difficulty, wanted, available


def assemble_test(seed: int, bank: Mapping[str, Sequence[int]], blueprint: Mapping[str, int]) -> list[int]:
    """The question ids of one candidate's test: `blueprint[difficulty]` distinct questions drawn from
    `bank[difficulty]`, then shuffled. The same seed, bank and blueprint always give the same test."""
    rng = random.Random(seed)  # noqa: S311 — reproducible from the stored seed; the seed itself is secret
    chosen: list[int] = []
    for difficulty in sorted(blueprint):
        wanted = blueprint[difficulty]
        pool = sorted(bank.get(difficulty, ()))
        if wanted > len(pool):
            raise BankTooSmall(difficulty, wanted, len(pool))
        chosen += rng.sample(pool, wanted)
    rng.shuffle(chosen)
    return chosen


def count_correct(answers: Mapping[int, int | None], key: Mapping[int, int]) -> int:
    """Correct answers of a test; `key` maps each of the test's question ids to its correct choice."""
    return sum(1 for qid, correct in key.items() if answers.get(qid) == correct)


def round1_passed(correct: int, total: int, pass_ratio: Decimal) -> bool:
    """Decree 170/2025/NĐ-CP art. 9(2)(a): at least 50% of the questions answered correctly."""
    return total > 0 and Decimal(correct) >= Decimal(total) * pass_ratio


def reconcile(first: Decimal, second: Decimal, tolerance: Decimal) -> Decimal | None:
    """The agreed score of two independent markers: their average if they differ by at most `tolerance`;
    None when they diverge and the chair must decide."""
    if abs(first - second) > tolerance:
        return None
    return ((first + second) / 2).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def priority_points(categories: Iterable[str], table: Mapping[str, Mapping], only_highest: bool = True) -> Decimal:
    """Priority points of a candidate's categories (7.5 / 5 / 2.5 …); only the highest counts by default."""
    points = [Decimal(str(table[c]["points"])) for c in categories if c in table]
    if not points:
        return Decimal(0)
    return max(points) if only_highest else sum(points, Decimal(0))


@dataclass(frozen=True)
class Candidate:
    id: int
    round2_score: Decimal | None
    priority: Decimal = Decimal(0)
    written_score: Decimal | None = None
    round1_passed: bool = True


@dataclass(frozen=True)
class Ranked:
    id: int
    total: Decimal | None
    rank: int | None
    result: str


def _key(c: Candidate, tie_breaks: Sequence[str]) -> tuple:
    total = c.round2_score + c.priority
    out = [total]
    for name in tie_breaks:
        if name == "round2_score":
            out.append(c.round2_score)
        elif name == "written_score":
            out.append(c.written_score if c.written_score is not None else Decimal(-1))
    return tuple(out)


def rank_position(
    candidates: Iterable[Candidate],
    quota: int,
    pass_mark: Decimal,
    tie_breaks: Sequence[str] = ("round2_score", "written_score", "head_decides"),
) -> list[Ranked]:
    """Rank one position's candidates and decide who is successful (Decree 170/2025/NĐ-CP art. 10).

    Successful: round 1 passed, round-2 score ≥ pass mark, and within the quota by total (round 2 +
    priority), highest first. Ties are broken by `tie_breaks` in order; a tie that straddles the last
    place after all of them goes to the head of the recruiting authority (HEAD_DECIDES for each tied
    candidate). Candidates who cannot pass get no rank.
    """
    out: list[Ranked] = []
    qualified = []
    for c in candidates:
        if not c.round1_passed or c.round2_score is None or c.round2_score < pass_mark:
            out.append(
                Ranked(c.id, None if c.round2_score is None else c.round2_score + c.priority, None, Result.FAILED)
            )
        else:
            qualified.append(c)
    qualified.sort(key=lambda c: (_key(c, tie_breaks), -c.id), reverse=True)
    ranked: list[Ranked] = []
    place, i = 1, 0
    while i < len(qualified):
        key = _key(qualified[i], tie_breaks)
        group = [c for c in qualified[i:] if _key(c, tie_breaks) == key]
        left = quota - (place - 1)
        if len(group) <= left:
            result = Result.PASSED
        elif left > 0 and "head_decides" in tie_breaks:
            result = Result.HEAD_DECIDES
        else:
            result = Result.FAILED
        ranked += [Ranked(c.id, c.round2_score + c.priority, place, result) for c in group]
        place += len(group)
        i += len(group)
    return ranked + out
