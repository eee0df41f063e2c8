"""The program report as a tagged PDF: the same figures and charts as the dashboard, with the
charts rendered to SVG by vl-convert and the page laid out by WeasyPrint (PDF/UA-1)."""

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from upward.impact.selectors import Chart, ImpactView, topics_view

PDF_WIDTH = 470  # A4 less the margins, in CSS pixels, with room for the axes


def chart_svg(chart: Chart | None) -> SafeString | None:
    if chart is None:
        return None
    import vl_convert

    # A page has a fixed width where the browser has a container.
    spec = (
        {**chart.spec, "width": PDF_WIDTH} if chart.spec.get("width") == "container" else chart.spec
    )
    # vl-convert renders our own spec, built from aggregates and escaped as SVG text: no user
    # markup reaches it unescaped.
    return mark_safe(vl_convert.vegalite_to_svg(spec))  # noqa: S308  # nosec


def render_pdf(view: ImpactView, context: dict[str, Any]) -> bytes:
    import weasyprint

    topics = topics_view(view.program)
    html = render_to_string(
        "impact/report.html",
        {
            **context,
            "view": view,
            "retention_svgs": [(chart_svg(s.chart), s.chart.text) for s in view.sides if s.chart],
            "topics_svg": chart_svg(topics.by_month),
            "change_svgs": [(chart_svg(c), c.text) for c in view.change_charts],
            "topics": topics,
        },
    )
    pdf: bytes = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
