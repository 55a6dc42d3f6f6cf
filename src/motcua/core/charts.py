"""Server-rendered inline SVG charts (no JavaScript, no CDN): horizontal bars with labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""  # printed at the end of the bar; defaults to the value
    colour: str = "#0b57d0"
    marker: float | None = None  # a thin line, e.g. last year's value


def hbar_chart(bars: Sequence[Bar], *, max_value: float = 100, title: str = "", width: int = 720) -> SafeString:
    """A horizontal bar chart as an <svg> element with a <title> for screen readers."""
    row, pad = 26, 8
    label_w = int(width * 0.4)
    max_chars = int(label_w / 7.6)
    plot_w = width - label_w - 70
    height = max(len(bars), 1) * row + 2 * pad
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = pad + i * row
        share = 0 if not max_value else max(0.0, min(float(bar.value) / float(max_value), 1.0))
        w = round(plot_w * share, 1)
        label = bar.label if len(bar.label) <= max_chars else bar.label[: max_chars - 1] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" fill="#1d1b20">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{plot_w}" height="{row - 8}" fill="#eee9e3" rx="3"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row - 8}" fill="{escape(bar.colour)}" rx="3">'
            f"<title>{escape(bar.label)}: {escape(bar.text or bar.value)}</title></rect>"
            f'<text x="{label_w + plot_w + 6}" y="{y + 17}" fill="#1d1b20">{escape(bar.text or bar.value)}</text>'
        )
        if bar.marker is not None and max_value:
            mx = label_w + round(plot_w * max(0.0, min(float(bar.marker) / float(max_value), 1.0)), 1)
            line = f'<line x1="{mx}" x2="{mx}" y1="{y + 1}" y2="{y + row - 1}" stroke="#1d1b20" stroke-width="2"/>'
            parts.append(line)
    parts.append("</svg>")
    # Every interpolated text is escaped above.
    return mark_safe("".join(parts))


def pct(value) -> str:
    return f"{Decimal(value):.2f}%".replace(".", ",")
