"""Problem errors: one exception type that every app raises with its own machine-readable code.

Rendered as RFC 9457 problem details (`application/problem+json`) by `core.api.problem_exception_handler`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class InvalidParam:
    name: str
    code: str
    reason: str


@dataclass
class ProblemError(Exception):
    """A client error with a stable `code` (from the app's `ErrorCode` enum) and a translated `detail`."""

    code: str
    detail: str
    status: int = 400
    title: str = ""
    invalid_params: list[InvalidParam] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"
