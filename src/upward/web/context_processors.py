from django.http import HttpRequest
from django.urls import reverse

from upward.core.viewer import Role, get_viewer


def navigation(request: HttpRequest) -> dict[str, object]:
    """The links a signed-in user's roles give them, for the base layout."""
    if not request.user.is_authenticated:
        return {"nav_links": []}
    viewer = get_viewer(request)
    links = [("Home", reverse("home"))]
    if viewer.pair_ids:
        links.append(("My pair", reverse("home") + "#my-pairs"))
    if viewer.is_site_admin or viewer.program_roles:
        links.append(("Programs", reverse("programs:list")))
    if viewer.pair_ids:
        links.append(("Surveys", reverse("surveys:mine")))
    if viewer.programs_with(Role.LEAD):
        links.append(("Flags", reverse("flags:inbox")))
        links.append(("Concerns", reverse("workspace:inbox")))
        links.append(("Insights", reverse("workspace:all_insights")))
    links.append(("Stories", reverse("workspace:showcase")))
    if viewer.can_manage_people:
        links.append(("People", reverse("people:list")))
        links.append(("Import", reverse("people:import")))
    links.append(("Competencies", reverse("competencies:list")))
    if viewer.is_site_admin:
        links.append(("Setup", reverse("setup:home")))
        links.append(("Roles", reverse("setup:roles")))
        links.append(("Surveys setup", reverse("surveys:instruments")))
        links.append(("API tokens", reverse("integrations:tokens")))
    links.append(("My profile", reverse("me")))
    path = request.path
    return {"nav_links": [(label, url, url == path) for label, url in links]}
