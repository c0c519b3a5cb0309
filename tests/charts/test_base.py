"""partnership.charts.base: the source footer, wrapping, year axes, and every figure's frames from phone to wide."""

from __future__ import annotations

import plotly.graph_objects as go

from partnership.charts import base as chart_base


def test_source_line_lists_hosts_once_and_truncates():
    urls = [f"https://www.site{i}.org/a" for i in range(9)] + ["https://site0.org/b"]
    line = chart_base.source_line(urls, "en")
    assert line.count("site0.org") == 1
    assert "(+3)" in line


def test_wrap_breaks_at_spaces_only_and_keeps_entities_and_existing_breaks():
    text = chart_base.wrap("A &amp; B and a longer tail<br>second", 12)
    assert text.split("<br>") == ["A &amp; B", "and a longer", "tail", "second"]


def test_year_axis_ticks_every_year_only_over_short_spans():
    assert chart_base.year_axis([2021, 2022, 2024]) == {"tickformat": "d", "tickangle": 0, "dtick": 1, "tick0": 2021}
    # Over a long span Plotly picks the spacing from the axis length: fewer ticks on a phone.
    assert chart_base.year_axis(range(2010, 2031)) == {"tickformat": "d", "tickangle": 0}


def test_every_figure_fits_a_phone_wide_chart():
    """Titles and footers in lines that fit ≈360 px; the legend sits under the title, above the plot."""
    from tests.charts.test_summaries import _figures

    for name, fig in _figures("ru").items():
        title_lines = fig.layout.title.text.split("<br>")
        assert all(len(line) <= chart_base.TITLE_CHARS or " " not in line for line in title_lines), name
        footer_lines = fig.layout.annotations[-1].text.split("<br>")
        assert all(len(line) <= chart_base.FOOTER_CHARS or " " not in line for line in footer_lines), name
        assert fig.layout.legend.yref == "container" or fig.layout.template.layout.legend.yref == "container", name
        height = fig.layout.height or chart_base.DEFAULT_HEIGHT
        title_bottom = chart_base.MODEBAR_PX + chart_base.TITLE_LINE_PX * len(title_lines)
        assert (1 - fig.layout.legend.y) * height >= title_bottom, name
        assert fig.layout.margin.b >= chart_base.FOOTER_LINE_PX * len(footer_lines) + chart_base.FOOTER_OFFSET_PX, name
        # Wrapped titles and footers make the figure taller, never the plot a strip.
        assert height - fig.layout.margin.t - fig.layout.margin.b >= chart_base.MIN_PLOT_AND_LEGEND_PX, name


def at_width(fig, width: int):
    """The figure as the chart element (ui/assets/plotly_element.js, `fitted`) shows it at `width` px."""
    return go.Figure(chart_base.at_width(fig.to_dict(), width))


def test_wider_charts_get_titles_and_footers_wrapped_to_their_width():
    """layout.meta["frames"]: the chart element's line lengths for wider charts; a title that fits one line of a
    1100 px chart is one line there, while the phone form (the figure as built) wraps it."""
    from tests.charts.test_summaries import _figures

    for name, fig in _figures("ru").items():
        frames = [frame for frame in fig.layout.meta["frames"] if "max_width" not in frame]
        widths = [frame["min_width"] for frame in frames]
        assert widths == sorted(widths) and widths[0] == chart_base.FRAME_WIDTHS[1], name
        plain_title = fig.layout.title.text.replace("<br>", " ")
        wide = at_width(fig, 1100)
        title_chars, _ = chart_base.line_chars(1100)
        if len(plain_title) <= title_chars:
            assert "<br>" not in wide.layout.title.text, name
        assert wide.layout.title.text.replace("<br>", " ") == plain_title, name
        # The same footer words, in fewer lines than on a phone; the footer stays the last annotation.
        assert wide.layout.annotations[-1].name == chart_base.FOOTER_NAME
        phone_lines = fig.layout.annotations[-1].text.count("<br>")
        assert wide.layout.annotations[-1].text.count("<br>") <= phone_lines, name
        assert wide.layout.annotations[-1].text.replace("<br>", " ") == fig.layout.annotations[-1].text.replace("<br>", " "), name
        assert wide.layout.height - wide.layout.margin.t - wide.layout.margin.b >= chart_base.MIN_PLOT_AND_LEGEND_PX, name
    # A phone-wide chart keeps the figure as built.
    assert at_width(fig, 390).layout.title.text == fig.layout.title.text


def test_line_lengths_grow_with_the_chart_width():
    assert chart_base.line_chars(390) == (chart_base.TITLE_CHARS, chart_base.FOOTER_CHARS)
    chars = [chart_base.line_chars(width) for width in chart_base.FRAME_WIDTHS[1:]]
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in zip(chars, chars[1:], strict=False))
    assert chart_base.line_chars(1100)[0] >= 90  # a 1100 px chart holds a 16 px title of ~100 characters


def test_the_narrow_frame_wraps_for_a_320_px_screen():
    """The last frame (max_width) holds every title and footer line within what a 288 px chart holds, and a
    smaller legend font; the phone form's own lines are longer (it serves 330–520 px)."""
    from tests.charts.test_summaries import _figures

    title_chars, footer_chars = chart_base.line_chars(chart_base.NARROW_WIDTH)
    assert (title_chars, footer_chars) < (chart_base.TITLE_CHARS, chart_base.FOOTER_CHARS)
    for name, fig in _figures("ru").items():
        narrow = fig.layout.meta["frames"][-1]
        assert narrow["max_width"] == chart_base.NARROW_BELOW and narrow["min_width"] == 0, name
        assert narrow["legend"]["font"] == {"size": chart_base.NARROW_LEGEND_FONT_PX}, name
        for line in narrow["title"]["text"].split("<br>"):
            assert len(line) <= title_chars or " " not in line, (name, line)
        for line in narrow["footer"].split("<br>"):
            assert len(line) <= footer_chars or " " not in line, (name, line)
        assert narrow["footer"].replace("<br>", " ") == fig.layout.annotations[-1].text.replace("<br>", " "), name
        # More lines than the phone form: taller by them, never shorter.
        assert narrow["height"] >= (fig.layout.height or chart_base.DEFAULT_HEIGHT), name


def test_at_width_gives_an_export_the_frame_of_its_width():
    from tests.charts.test_summaries import _figures

    fig = _figures("ru")["trade"]
    spec = fig.to_dict()
    assert chart_base.at_width(spec, 400) is spec  # a phone-wide image: as built
    wide = chart_base.at_width(spec, 1200)["layout"]
    frame = [frame for frame in fig.layout.meta["frames"] if frame["min_width"] == 1100][0]
    assert wide["title"]["text"] == frame["title"]["text"] and wide["height"] == frame["height"]
    assert wide["annotations"][-1]["text"] == frame["footer"] and wide["margin"]["b"] == frame["margin"]["b"]
    assert spec["layout"]["title"]["text"] == fig.layout.title.text  # the figure given is not changed


def test_a_legend_name_longer_than_a_phone_line_is_wrapped_on_a_phone():
    long = "Boshqalar (OAV, tahlilchilar) · yilning bir qismi"
    traces = [
        {"name": "Oʻzbekiston", "showlegend": None},
        {"name": long, "showlegend": None},
        {"name": long, "showlegend": False},
    ]
    phone = chart_base.phone_names(traces)
    assert phone == {"traces": {1: {"name": chart_base.wrap(long, chart_base.LEGEND_CHARS)}}}
    assert "<br>" in phone["traces"][1]["name"]
    # A trace the phone form patches already (the explorer's moving lines) keeps its patch.
    assert chart_base.phone_names(traces, {"traces": {1: {}}}) == {"traces": {1: {}}}
    assert chart_base.phone_names(traces[:1]) is None


def test_source_line_strips_www_keeps_the_order_given_and_speaks_the_language():
    urls = ["https://www.gov.uz/a", "https://inform.kz/b", "https://gov.uz/c", "not a url"]
    assert chart_base.source_line(urls, "en").startswith("Sources: gov.uz, inform.kz. ")
    ru = chart_base.source_line(urls, "ru")
    assert ru.startswith("Источники: gov.uz, inform.kz") and "(+" not in ru


def test_year_axis_ignores_missing_years():
    assert chart_base.year_axis([2024, float("nan"), None, 2025]) == {
        "tickformat": "d",
        "tickangle": 0,
        "dtick": 1,
        "tick0": 2024,
    }
    assert chart_base.year_axis([]) == {"tickformat": "d", "tickangle": 0}


def test_finish_gives_the_template_number_format_footer_and_meta():
    fig = go.Figure(go.Scatter(x=[2024, 2025], y=[4.3, 4.97], name="Turnover"), layout={"margin": {"b": 400}})
    chart_base.finish(fig, "ru", "Trade", "Sources: gov.uz", note="Growth 15 % a year")
    assert fig.layout.template.layout.colorway == chart_base.PALETTE
    assert fig.layout.separators == ", "
    assert (fig.layout.meta["lang"], fig.layout.meta["sources"]) == ("ru", "Sources: gov.uz")
    assert fig.layout.meta["aria_label"] == "Trade"
    footer = fig.layout.annotations[-1]
    assert footer.name == chart_base.FOOTER_NAME and footer.text == "Sources: gov.uz<br>Growth 15 % a year"
    assert fig.layout.margin.b == 400  # a margin the builder set larger than the footer needs is kept
    assert "phone" not in fig.layout.meta  # a short legend name needs no phone patch


def test_fast_figure_is_the_figure_finish_makes():
    traces = [{"type": "scatter", "x": [2024, 2025], "y": [4.3, 4.97], "name": "Oʻzbekiston · yilning bir qismi, boshqalar"}]
    layout = {"yaxis": {"title": {"text": "$ bn"}}, "legend": {"orientation": "h"}}
    fast = chart_base.fast_figure(traces, layout, "en", "Trade by year", "Sources: gov.uz", note="A note")
    slow = chart_base.finish(go.Figure(data=traces, layout=layout), "en", "Trade by year", "Sources: gov.uz", note="A note")
    assert fast.to_plotly_json() == slow.to_plotly_json()
    assert fast.layout.meta["phone"]["traces"][0]["name"].count("<br>") >= 1
