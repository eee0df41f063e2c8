def test_every_static_file_the_layout_loads_exists() -> None:
    """A renamed vendor file (htmx ships as htmx-2.min.js) must fail here, not silently in use."""
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders

    layout = (Path(__file__).resolve().parent.parent / "templates" / "base.html").read_text()
    paths = re.findall(r"{% static '([^']+)' %}", layout)
    assert "django_htmx/htmx-2.min.js" in paths
    assert [p for p in paths if finders.find(p) is None] == []
