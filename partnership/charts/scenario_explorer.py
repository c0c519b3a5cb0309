"""The path chart's explorer: what the chart shows at every position of a custom-growth slider.

A reader drags a growth slider and the chart follows in the browser, without a server run per step.
For the current setup this module computes, for every position of each custom-growth slider, the
parts of the path chart that depend on it — the scenario's line and legend label, the diamond where
it reaches the target, its footer line wrapped for every chart width (charts.base.WRAP_WIDTHS), the
footer's room and the y axis's top — with the other scenarios as committed. The chart element
(ui/assets/plotly_element.js) only picks the row of the position and applies it to the figure as
`apply` does; tests check that this gives `paths_chart`'s figure at every position. On release the
page runs once with the new value.

`positions` depends on the setup, the scenario's slot and name and the language only (the page
caches it); `explorer` adds what depends on the other scenarios, on every run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache

import pandas as pd

from partnership.charts.base import DEFAULT_HEIGHT, FRAME_FORMS, WRAP_WIDTHS, _frame, line_chars, wrap
from partnership.charts.scenarios import (
    FIXED_TRACES,
    Drawn,
    drawn_scenario,
    footer_lines,
    paths_title,
    sources_text,
    y_title,
    y_top,
)
from partnership.i18n import t
from partnership.scenarios import GROWTH_SLIDER, Scenario, Setup, SliderRange, project, rate_text, slider_values, year_reached

# A position's parts of the two traces of its scenario (the rest of each trace stays as drawn).
LINE_KEYS = ("y", "name")
CROSSING_KEYS = ("x", "y", "text", "hovertext")
KEY_DELAY_MS = 500  # a keyboard move is sent to the server this long after the last key press
# What the browser gets of a row (`raw` and `top` serve the frames, computed here).
SENT_KEYS = ("value", "text", "line", "crossing", "footer")


def _wrapped(line: str) -> list[str]:
    """`line` wrapped for each chart width: the phone form first, then each of layout.meta.frames."""
    return [wrap(line, line_chars(width)[1]) for width in WRAP_WIDTHS]


def _sent(texts: list[str]) -> list[str | None]:
    """Per width, None where the text is the previous width's (most lines fit every frame wider than a phone)."""
    return [text if index == 0 or text != texts[index - 1] else None for index, text in enumerate(texts)]


def _expanded(texts: list[str | None]) -> list[str]:
    out: list[str] = []
    for text in texts:
        out.append(out[-1] if text is None else text)
    return out


def positions(setup: Setup, slot: int, column: str, lang: str, slider: SliderRange = GROWTH_SLIDER) -> tuple[dict, ...]:
    """One row per position of the custom-growth slider of the scenario in chart slot `slot` (0-based), named `column`.

    Each row: `value` (% a year), `text` (the rate as the page writes it: the slider's shown value and
    aria-valuetext), `line` and `crossing` (the trace parts), `footer` (its footer line wrapped for each
    width; None where it reads as for the previous width), `raw` (that line unwrapped), `top` (the path's
    highest plotted value).
    """
    years = list(range(setup.base_year, setup.horizon + 1))
    rows = []
    for pct in slider_values(slider):
        growth = pct / 100
        values = project(setup.base_value, setup.base_year, growth, setup.horizon).tolist()
        reached = year_reached(setup.base_value, setup.base_year, growth, setup.target_value, setup.horizon)
        drawn = drawn_scenario(slot, column, years, values, growth, "custom", reached, setup, lang)
        rows.append(
            {
                "value": pct,
                "text": rate_text(growth, "custom", lang),
                "line": {key: drawn.line[key] for key in LINE_KEYS},
                "crossing": {key: drawn.crossing[key] for key in CROSSING_KEYS},
                "footer": _sent(_wrapped(drawn.footer)),
                "raw": drawn.footer,
                "top": max(drawn.line["y"]),
            }
        )
    return tuple(rows)


def _plotted(drawn: Drawn) -> list[float]:
    return [y for y in (*drawn.line["y"], *drawn.crossing["y"]) if y is not None]


def explorer(
    history: pd.DataFrame,
    setup: Setup,
    drawn: list[Drawn],
    sliders: dict[int, tuple[dict, ...]],
    lang: str,
    last_line: tuple[str, int] | None = None,
) -> list[dict]:
    """The element's sliders: for each chart slot with a slider (`sliders`: slot → its `positions`), its rows and
    what the rest of the chart (the other scenarios as `drawn` now) makes of each.

    `last_line` (Plotly text, px) is a line the figure's footer ends with and the room it takes (the banner of an
    upload, export.provenance.stamp): every footer and bottom margin keeps it while the slider moves.

    Per slider: `slot`, the trace indexes of its `line` and `crossing`, per width the footer's text before and
    after its line (`prefix`, `suffix`), `rows` (as sent), and per row a frame: [y top, [bottom margin, height or
    None, legend y] of the phone form, [[height, legend y, bottom margin] of each wider frame]].
    """
    title, axis = paths_title(setup, lang), y_title(lang)
    lines = [sources_text(history, setup, lang), *footer_lines(setup, drawn, lang)]
    by_width = list(zip(*(_wrapped(line) for line in lines), strict=True))  # the footer: these, joined by <br>
    history_ys = [float(y) for y in history["turnover_usd_bn"]] + [setup.target_value]
    out = []
    for slot, rows in sliders.items():
        first = 2 + slot  # the sources line and the base line come before the scenarios' lines
        prefix = ["<br>".join(wrapped[:first]) + "<br>" for wrapped in by_width]
        suffix = ["<br>" + "<br>".join(wrapped[first + 1 :]) for wrapped in by_width]
        around = ("<br>".join(lines[:first]) + "<br>", "<br>" + "<br>".join(lines[first + 1 :]))
        others = max([*history_ys, *(y for index, scenario in enumerate(drawn) if index != slot for y in _plotted(scenario))])
        raws, tops = tuple(row["raw"] for row in rows), tuple(row["top"] for row in rows)
        frames = _frames(title, axis, around, raws, tops, others, setup.target_value)
        if last_line is not None:
            line, px = last_line
            suffix = [text + "<br>" + line for text in suffix]
            frames = [
                [top, [phone[0] + px, *phone[1:]], [[height + px, legend, bottom + px] for height, legend, bottom in wide]]
                for top, phone, wide in frames
            ]
        out.append(
            {
                "slot": slot,
                "line": FIXED_TRACES + slot,
                "crossing": FIXED_TRACES + len(drawn) + slot,
                "prefix": prefix,
                "suffix": suffix,
                "rows": [{key: row[key] for key in SENT_KEYS} for row in rows],
                "frames": frames,
            }
        )
    return out


@lru_cache(maxsize=512)
def _frames(
    title: str, axis: str, around: tuple[str, str], raws: tuple[str, ...], tops: tuple[float, ...], others: float, target: float
) -> list[list]:
    """Per position: [y top, the phone form's [bottom, height or None, legend y], each wider frame's [height, legend
    y, bottom]]. A release of this slider leaves all of it as it was (it depends on the other scenarios), so a
    committed move finds it here."""
    frames = []
    for raw, top in zip(raws, tops, strict=True):
        footer = around[0] + raw + around[1]
        phone, _ = _frame(title, footer, None, axis, None)
        wide = []
        for width in FRAME_FORMS:
            layout, _ = _frame(title, footer, None, None, None, width)
            wide.append([layout.get("height", DEFAULT_HEIGHT), layout["legend"]["y"], layout["margin"]["b"]])
        phone_frame = [phone["margin"]["b"], phone.get("height"), phone["legend"]["y"]]
        frames.append([y_top(target, [others, top]), phone_frame, wide])
    return frames


def apply(figure: dict, slider: dict, k: int) -> dict:
    """`figure` (plotly JSON) with `slider` at position `k`: what the element's script does on an input event."""
    row, (top, (bottom, height, legend_y), wide) = slider["rows"][k], slider["frames"][k]
    data = list(figure["data"])
    data[slider["line"]] = {**data[slider["line"]], **row["line"]}
    data[slider["crossing"]] = {**data[slider["crossing"]], **row["crossing"]}
    layout = dict(figure["layout"])
    annotations = list(layout["annotations"])
    footers = _expanded(row["footer"])
    text = [before + footer + after for before, footer, after in zip(slider["prefix"], footers, slider["suffix"], strict=True)]
    annotations[-1] = {**annotations[-1], "text": text[0]}
    layout["annotations"] = annotations
    layout["margin"] = {**layout["margin"], "b": bottom}
    if height is None:
        layout.pop("height", None)
    else:
        layout["height"] = height
    layout["legend"] = {**layout["legend"], "y": legend_y}
    layout["yaxis"] = {**layout["yaxis"], "range": [0, top]}
    frames = []
    for frame, footer, (frame_height, frame_legend, frame_bottom) in zip(layout["meta"]["frames"], text[1:], wide, strict=True):
        legend, margin = {**frame["legend"], "y": frame_legend}, {**frame["margin"], "b": frame_bottom}
        frames.append({**frame, "height": frame_height, "legend": legend, "margin": margin, "footer": footer})
    layout["meta"] = {**layout["meta"], "frames": frames}
    return {"data": data, "layout": layout}


def element_data(
    history: pd.DataFrame,
    setup: Setup,
    chosen: list[Scenario],
    drawn: list[Drawn],
    lang: str,
    rows: Callable[[Setup, int, str, str], tuple[dict, ...]] = positions,
    last_line: tuple[str, int] | None = None,
) -> dict:
    """What the chart element gets for the path chart's sliders: one per custom scenario of `chosen` (drawn as `drawn`).

    `rows` is `positions` or a cached form of it; `last_line` as for `explorer`. Each slider also gets its card number (`index`), its
    `label` and the position `k` it stands at. `basis` names everything the chart shows apart from the
    sliders' positions: the element does not redraw when a run after a release sends the positions it
    already shows on the same basis.
    """
    slots = [slot for slot, scenario in enumerate(chosen) if scenario.preset == "custom"]
    columns = {slot: drawn[slot].parameters["name"] for slot in slots}
    sliders = explorer(history, setup, drawn, {slot: rows(setup, slot, columns[slot], lang) for slot in slots}, lang, last_line)
    for slider in sliders:
        slot = slider["slot"]
        values = [row["value"] for row in slider["rows"]]
        slider |= {
            "index": slot + 1,
            "label": t("scenarios.explorer_label", lang, name=columns[slot]),
            "k": values.index(round(chosen[slot].growth * 100, 10)),
        }
    fixed = [(scenario.name, scenario.preset, None if slot in slots else scenario.growth) for slot, scenario in enumerate(chosen)]
    figures = [history[column].tolist() for column in ("year", "turnover_usd_bn", "source_url")]
    basis = hashlib.blake2b(repr((setup, fixed, figures, lang)).encode(), digest_size=8).hexdigest()
    return {"sliders": sliders, "basis": basis, "key_delay_ms": KEY_DELAY_MS}
