"""Chart geometry: axis steps, calendar ticks, scales and colours."""

from __future__ import annotations

from collections import Counter
from datetime import date

from pantau.web.charts import (
    TYPE_COLOURS,
    Claim,
    bars_over_time,
    claims_over_time,
    date_ticks,
    linear_ticks,
    nice_step,
    stacked_weeks,
)


def test_nice_steps_are_one_two_five() -> None:
    assert nice_step(10) == 2
    assert nice_step(7) == 2
    assert nice_step(1000) == 200
    assert nice_step(3) == 1
    assert linear_ticks(7) == (8, [0, 2, 4, 6, 8])


def test_date_ticks_pick_a_calendar_unit_for_the_span() -> None:
    assert [d.isoformat() for d, _ in date_ticks(date(2025, 1, 1), date(2025, 1, 3))] == [
        "2025-01-01", "2025-01-02", "2025-01-03"]
    weekly = date_ticks(date(2025, 1, 1), date(2025, 2, 10))
    assert all(d.weekday() == 0 for d, _ in weekly) and len(weekly) <= 8
    monthly = date_ticks(date(2025, 5, 19), date(2026, 5, 29))
    assert [label for _, label in monthly][:2] == ["Jun 2025", "Aug 2025"]
    yearly = date_ticks(date(1976, 3, 1), date(2026, 5, 29))
    assert [label for _, label in yearly] == ["1980", "1990", "2000", "2010", "2020"]


def test_bars_fill_empty_months_and_switch_to_years_for_long_spans() -> None:
    chart = bars_over_time([(date(2025, 1, 5), 2), (date(2025, 4, 1), 4)])
    assert [t.label for t in chart.x_ticks] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert len(chart.rects) == 2
    tall, short = sorted(chart.rects, key=lambda r: -r.h)
    assert tall.h == 2 * short.h
    decades = bars_over_time([(date(1990, 1, 1), 1), (date(2025, 1, 1), 1)])
    assert decades.x_ticks[0].label == "1990"


def test_weeks_stack_types_in_canonical_order() -> None:
    weeks = {date(2025, 3, 3): Counter({"ASSAULT": 2, "AGREE": 1}), date(2025, 3, 10): Counter()}
    chart = stacked_weeks(weeks)
    assert [r.colour for r in chart.rects] == [TYPE_COLOURS["AGREE"], TYPE_COLOURS["ASSAULT"]]
    agree, assault = chart.rects
    assert agree.y + agree.h == chart.bottom and assault.y + assault.h == agree.y
    assert chart.legend == [("AGREE", TYPE_COLOURS["AGREE"]), ("ASSAULT", TYPE_COLOURS["ASSAULT"])]


def test_claims_use_a_log_axis_for_wide_ranges_and_a_colour_per_source() -> None:
    claims = [Claim(date(2025, 1, 1), 3, None, "A", "t"),
              Claim(date(2025, 2, 1), 900, None, "B", "t"),
              Claim(date(2025, 3, 1), 10, 20, "A", "t")]
    chart = claims_over_time(claims, "killed")
    assert [t.label for t in chart.y_ticks] == ["1", "10", "100", "1000"]
    a1, b, a2 = chart.points
    assert a1.colour == a2.colour != b.colour
    assert a1.x < b.x < a2.x and b.y < a1.y  # later to the right, larger higher up
    assert a2.y_high is not None and a2.y_high < a2.y
    linear = claims_over_time([Claim(date(2025, 1, 1), 0, None, "A", "t"),
                               Claim(date(2025, 1, 1), 40, None, "A", "t")], "x")
    assert linear.y_ticks[0].label == "0"
