"""The grouped column chart of core.charts used by the dashboard: proportional heights, escaped text."""

import re

from motcua.core.charts import Series, column_chart


def test_columns_are_proportional_and_text_is_escaped():
    svg = str(column_chart(["01/26", "<b>"], [Series("Nhận", [10, 5]), Series("Xong & trễ", [0, 2])], title="T"))
    bars = re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill="[^"]+"><title>', svg)
    heights = [float(h) for h in bars]  # in order: 01/26 × (Nhận, Xong), <b> × (Nhận, Xong)
    assert heights[0] == 2 * heights[2] and heights[1] == 0 and heights[3] == round(heights[0] / 5, 1)
    assert len(heights) == 4
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "Xong &amp; trễ" in svg
    assert svg.startswith('<svg class="chart" role="img"') and "<title>T</title>" in svg


def test_an_empty_chart_still_renders():
    assert "<svg" in str(column_chart([], [Series("x", [])]))
