"""Fee computation: fixed, per page, per copy, or a small formula in `pages` and `copies`.

Formulas are data (e.g. certification of copies under Circular 226/2016/TT-BTC: 2,000 đ per page for the
first two pages, 1,000 đ per further page, at most 200,000 đ per copy:
`copies * min(2000*min(pages, 2) + 1000*max(pages - 2, 0), 200000)`), so they are evaluated by a tiny
whitelisting interpreter over Python's AST — never `eval`.
"""

from __future__ import annotations

import ast
import operator
from decimal import Decimal

from django.utils.translation import gettext as _

from motcua.procedures.constants import FeeKind

_NAMES = frozenset({"pages", "copies"})
_FUNCTIONS = {"min": min, "max": max}
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv}


class FormulaError(ValueError):
    pass


def _eval(node: ast.AST, env: dict[str, int]) -> int:
    if isinstance(node, ast.Expression):
        return _eval(node.body, env)
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name) and node.id in _NAMES:
        return env[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        right = _eval(node.right, env)
        if isinstance(node.op, ast.FloorDiv) and right == 0:
            raise FormulaError(_("Division by zero in the fee formula."))
        return _BINARY[type(node.op)](_eval(node.left, env), right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_eval(node.operand, env)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and not node.keywords
        and len(node.args) >= 2
    ):
        return _FUNCTIONS[node.func.id](*(_eval(arg, env) for arg in node.args))
    raise FormulaError(_("Fee formulas may use whole numbers, pages, copies, + - * //, min() and max() only."))


def evaluate(formula: str, *, pages: int = 1, copies: int = 1) -> int:
    try:
        tree = ast.parse(formula or "", mode="eval")
    except SyntaxError as exc:
        raise FormulaError(_("The fee formula is not a valid expression.")) from exc
    return _eval(tree, {"pages": pages, "copies": copies})


def check_formula(formula: str) -> None:
    """Raise FormulaError if the formula cannot be evaluated."""
    if not (formula or "").strip():
        raise FormulaError(_("Give the fee formula."))
    evaluate(formula, pages=3, copies=2)


def compute_fee(kind: str, amount, formula: str, *, pages: int = 1, copies: int = 1) -> Decimal | None:
    if kind == FeeKind.FIXED:
        return Decimal(amount)
    if kind == FeeKind.PER_PAGE:
        return Decimal(amount) * pages * copies
    if kind == FeeKind.PER_COPY:
        return Decimal(amount) * copies
    if kind == FeeKind.FORMULA:
        return Decimal(evaluate(formula, pages=pages, copies=copies))
    return None
