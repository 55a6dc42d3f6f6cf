"""The PAR-index arithmetic, with no database: rules, tree totals, the two appraisal rounds, ranking, tiers.

Everything here takes and returns plain values (Decimal points, dataclasses), so it can be
property-tested with hypothesis and reused by the Excel export.

Conventions (document any change in the index set's `notes`):
- A leaf's score is always within [0, max_points] (`clamp`).
- A criterion's total is the sum of its leaves' scores; a set's total is the sum of its fields.
- Appraised score of a leaf = round-2 score if the council re-scored it, else round-1 score, else the
  agency's self-score (the council leaves a criterion untouched when it agrees with the agency).
- Final score = appraised total (appraisal + survey leaves) + bonuses − deductions, never below 0;
  bonuses are capped by the set's `bonus_cap`.
- Index value = final score / maximum total × 100 (PAR index is published as a percentage).
- Ranking: by index value, highest first; equal values (to 2 decimals) share a rank and the next
  rank skips ("1, 2, 2, 4" — standard competition ranking); within a tie, the display order is by
  agency code, so the order is stable whatever the input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def clamp(value: Decimal, max_points: Decimal) -> Decimal:
    return min(max(Decimal(value), ZERO), Decimal(max_points))


# ---- rules that turn a metric value into points ----


class RuleError(ValueError):
    """The rule of a formula criterion is malformed."""


def apply_rule(rule: Mapping, value: Decimal, max_points: Decimal) -> Decimal:
    """Points for `value` under `rule`, within [0, max_points], rounded to 2 decimals.

    Rules (JSON in Criterion.rule):
    - {"kind": "linear", "low": L, "high": H}: 0 at or below L, full at or above H, linear between
      (L > H reverses it: fewer is better, e.g. the number of late dossiers);
    - {"kind": "ratio"}: value is a percentage, points = value / 100 × max;
    - {"kind": "steps", "steps": [[threshold, points], …]}: the points of the highest threshold
      that value reaches (thresholds ascending), 0 below the first;
    - {"kind": "boolean"}: full points if value ≥ 1, else 0.
    """
    value, max_points = Decimal(str(value)), Decimal(str(max_points))
    kind = rule.get("kind", "linear")
    if kind == "linear":
        try:
            low, high = Decimal(str(rule["low"])), Decimal(str(rule["high"]))
        except (KeyError, ArithmeticError) as exc:
            raise RuleError("linear rule needs low and high") from exc
        if low == high:
            raise RuleError("linear rule needs low != high")
        share = (value - low) / (high - low)
        points = max_points * min(max(share, ZERO), Decimal(1))
    elif kind == "ratio":
        points = max_points * value / HUNDRED
    elif kind == "steps":
        steps = sorted((Decimal(str(t)), Decimal(str(p))) for t, p in rule.get("steps", []))
        if not steps:
            raise RuleError("steps rule needs steps")
        points = ZERO
        for threshold, step_points in steps:
            if value >= threshold:
                points = step_points
    elif kind == "boolean":
        points = max_points if value >= 1 else ZERO
    else:
        raise RuleError(f"unknown rule kind {kind!r}")
    return q2(clamp(points, max_points))


# ---- the criteria tree ----


@dataclass
class Node:
    """A field, criterion or sub-criterion with its maximum; leaves carry the scores."""

    code: str
    max_points: Decimal
    children: list[Node] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> Iterable[Node]:
        if self.is_leaf:
            yield self
        else:
            for child in self.children:
                yield from child.leaves()


def tree_problems(roots: Sequence[Node], max_total: Decimal) -> list[str]:
    """Inconsistencies of an index set: a parent's maximum must equal the sum of its children's."""
    problems = []

    def walk(node: Node):
        if node.children:
            total = sum((c.max_points for c in node.children), ZERO)
            if total != node.max_points:
                problems.append(f"{node.code}: max {node.max_points} but children sum to {total}")
            for child in node.children:
                walk(child)

    for root in roots:
        walk(root)
    total = sum((r.max_points for r in roots), ZERO)
    if total != max_total:
        problems.append(f"fields sum to {total}, the set says {max_total}")
    return problems


def subtotal(node: Node, leaf_scores: Mapping[str, Decimal]) -> Decimal:
    """Sum of the (clamped) leaf scores under `node`; a missing leaf counts 0."""
    return sum((clamp(leaf_scores.get(leaf.code, ZERO), leaf.max_points) for leaf in node.leaves()), ZERO)


def totals(roots: Sequence[Node], leaf_scores: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Subtotal of every node by code (fields, criteria, leaves)."""
    out: dict[str, Decimal] = {}

    def walk(node: Node) -> Decimal:
        if node.is_leaf:
            value = clamp(leaf_scores.get(node.code, ZERO), node.max_points)
        else:
            value = sum((walk(c) for c in node.children), ZERO)
        out[node.code] = value
        return value

    for root in roots:
        walk(root)
    return out


# ---- the appraisal rounds and the final score ----


def appraised(self_score: Decimal | None, round1: Decimal | None, round2: Decimal | None) -> Decimal:
    """The score that counts for one leaf after both rounds (see module docstring)."""
    for value in (round2, round1, self_score):
        if value is not None:
            return Decimal(value)
    return ZERO


@dataclass(frozen=True)
class FinalScore:
    appraised_total: Decimal
    bonus: Decimal
    deduction: Decimal
    final: Decimal
    index: Decimal  # percentage of the maximum


def final_score(
    appraised_total: Decimal, bonuses: Iterable[Decimal], deductions: Iterable[Decimal], max_total: Decimal, bonus_cap
) -> FinalScore:
    bonus = sum((Decimal(b) for b in bonuses), ZERO)
    if bonus_cap is not None:
        bonus = min(bonus, Decimal(bonus_cap))
    deduction = sum((Decimal(d) for d in deductions), ZERO)
    final = max(Decimal(appraised_total) + bonus - deduction, ZERO)
    index = q2(final / Decimal(max_total) * HUNDRED) if max_total else ZERO
    return FinalScore(q2(appraised_total), q2(bonus), q2(deduction), q2(final), index)


# ---- ranking and tiers ----


@dataclass(frozen=True)
class Ranked:
    key: str  # agency code (tie-break for display order)
    value: Decimal
    rank: int
    tied: bool


def rank(values: Mapping[str, Decimal]) -> list[Ranked]:
    """Competition ranking ("1, 2, 2, 4") by value descending; ties ordered by key."""
    ordered = sorted(values.items(), key=lambda kv: (-q2(kv[1]), kv[0]))
    out: list[Ranked] = []
    counts: dict[Decimal, int] = {}
    for _key, value in ordered:
        counts[q2(value)] = counts.get(q2(value), 0) + 1
    current_rank, previous = 0, None
    for position, (key, value) in enumerate(ordered, start=1):
        if previous is None or q2(value) != previous:
            current_rank, previous = position, q2(value)
        out.append(Ranked(key, q2(value), current_rank, counts[q2(value)] > 1))
    return out


# Tiers by index value (assumption, common in provincial indices: ≥ 90 excellent, ≥ 80 good, ≥ 70 fair,
# ≥ 50 average, else weak); an index set may carry its own list in `tiers`.
DEFAULT_TIERS: list[tuple[Decimal, str]] = [
    (Decimal(90), "excellent"),
    (Decimal(80), "good"),
    (Decimal(70), "fair"),
    (Decimal(50), "average"),
    (ZERO, "weak"),
]


def tier_of(index: Decimal, tiers: Sequence[tuple[Decimal, str]] = DEFAULT_TIERS) -> str:
    for threshold, name in sorted(tiers, key=lambda t: -Decimal(t[0])):
        if Decimal(index) >= Decimal(threshold):
            return name
    return tiers[-1][1] if tiers else ""
