"""Server-rendered inline SVG charts (no JavaScript, no CDN): horizontal bars with labels, grouped columns."""

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


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]
    colour: str = "#0b57d0"


def column_chart(
    categories: Sequence[str], series: Sequence[Series], *, title: str = "", width: int = 720, height: int = 260
) -> SafeString:
    """Grouped vertical columns (one group per category, one column per series) with a legend, a zero line and
    the maximum on the axis, as an <svg> element with a <title> for screen readers."""
    pad_l, pad_r, pad_t, pad_b = 48, 8, 28, 34
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    top = max([float(v) for s in series for v in s.values] + [0.0])
    top = top or 1.0
    n = max(len(categories), 1)
    slot = plot_w / n
    col_w = max(min(slot * 0.8 / max(len(series), 1), 40), 2)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{pad_t + plot_h}" y2="{pad_t + plot_h}" stroke="#79747e"/>',
        f'<text x="{pad_l - 6}" y="{pad_t + 4}" text-anchor="end" fill="#49454f">{escape(_short(top))}</text>',
        f'<text x="{pad_l - 6}" y="{pad_t + plot_h}" text-anchor="end" fill="#49454f">0</text>',
        f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{pad_t}" y2="{pad_t}" stroke="#e7e0ec" stroke-dasharray="4 3"/>',
    ]
    x_legend = pad_l
    for s in series:
        parts.append(
            f'<rect x="{x_legend}" y="6" width="12" height="12" fill="{escape(s.colour)}"/>'
            f'<text x="{x_legend + 16}" y="16" fill="#1d1b20">{escape(s.label)}</text>'
        )
        x_legend += 24 + int(len(s.label) * 7)
    for i, category in enumerate(categories):
        x0 = pad_l + i * slot + (slot - col_w * len(series)) / 2
        for j, s in enumerate(series):
            value = float(s.values[i]) if i < len(s.values) else 0.0
            h = round(plot_h * max(value, 0.0) / top, 1)
            x = round(x0 + j * col_w, 1)
            parts.append(
                f'<rect x="{x}" y="{round(pad_t + plot_h - h, 1)}" width="{round(col_w - 1, 1)}" height="{h}" '
                f'fill="{escape(s.colour)}"><title>{escape(category)} — {escape(s.label)}: {escape(_short(value))}'
                "</title></rect>"
            )
        parts.append(
            f'<text x="{round(pad_l + i * slot + slot / 2, 1)}" y="{height - pad_b + 16}" text-anchor="middle" '
            f'fill="#1d1b20">{escape(category)}</text>'
        )
    parts.append("</svg>")
    # Every interpolated text is escaped above.
    return mark_safe("".join(parts))


def _short(value: float) -> str:
    value = float(value)
    return f"{value:,.0f}".replace(",", ".") if value == int(value) else f"{value:,.1f}"
