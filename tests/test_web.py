def test_every_static_file_the_layout_loads_exists() -> None:
    """A renamed vendor file (htmx ships as htmx-2.min.js) must fail here, not silently in use."""
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders

    layout = (Path(__file__).resolve().parent.parent / "templates" / "base.html").read_text()
    paths = re.findall(r"{% static '([^']+)' %}", layout)
    assert "django_htmx/htmx-2.min.js" in paths
    assert [p for p in paths if finders.find(p) is None] == []


def test_the_layout_loads_the_menu_script_that_folds_the_nav_on_a_phone() -> None:
    """nav.js is our own file, loaded by the layout, and the button it drives is a real one."""
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders

    root = Path(__file__).resolve().parent.parent
    layout = (root / "templates" / "base.html").read_text()
    assert "upward/nav.js" in re.findall(r"{% static '([^']+)' %}", layout)
    script = Path(finders.find("upward/nav.js")).read_text()
    assert "aria-expanded" in script and "aria-controls" in script
    assert '<button type="button" class="menu-toggle" data-menu-toggle' in layout
    assert 'aria-controls="site-menu"' in layout and 'id="site-menu"' in layout


def test_the_menu_button_controls_the_nav_on_every_signed_in_page(world) -> None:
    from django.urls import reverse

    page = world.client("mentor").get(reverse("home")).content.decode()
    assert 'aria-expanded="false" aria-controls="site-menu">Menu</button>' in page
    assert '<nav class="site-menu" id="site-menu" aria-label="Main">' in page
    # Sign out stays outside the folded menu: one tap on a phone, as before.
    assert page.index('id="site-menu"') < page.index('action="/accounts/logout/"')


def test_a_field_s_help_and_errors_carry_the_ids_its_widget_points_at() -> None:
    """Django links each widget to "<id>_helptext" and "<id>_error" with aria-describedby."""
    from django import forms
    from django.template.loader import render_to_string

    class Form(forms.Form):
        story = forms.CharField(help_text="A few lines.", widget=forms.Textarea)

    form = Form(data={})
    assert not form.is_valid()
    html = render_to_string("_field.html", {"field": form["story"]})
    assert 'aria-describedby="id_story_helptext id_story_error"' in html
    assert 'id="id_story_helptext"' in html and html.count('id="id_story_error"') == 1
