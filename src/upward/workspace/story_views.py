"""Insights and success stories: what pairs learned that others can use."""

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.core.feedback import flash_errors
from upward.core.forms import posted
from upward.core.viewer import Role, get_viewer
from upward.integrations import feeds
from upward.workspace import stories
from upward.workspace.access import (
    get_insight_for_viewer,
    get_pair_for_member,
    get_story_for_lead,
    insights_for_viewer,
    require_feed_key,
)
from upward.workspace.forms import InsightForm, InsightImpactForm, PublishForm, StoryForm
from upward.workspace.models import Insight, Story


@require_http_methods(["GET", "POST"])
@login_required
def pair_insights(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    pair, member = get_pair_for_member(get_viewer(request), pair_id)
    errors: list[str] = []
    # What was typed, shown again if the insight is refused so nothing has to be retyped.
    typed: dict[str, object] = {}
    if request.method == "POST":
        typed = posted(request, InsightForm).cleaned_data
        try:
            stories.insight_raise(
                pair=pair,
                member=member,
                title=str(typed["title"]),
                description=str(typed["description"]),
                tags=str(typed["tags"]).split(","),
                share=bool(typed["share"]),
                owner_email=str(typed["owner"]),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, "Insight saved.")
            return redirect("workspace:insights", pair_id=pair.public_id)
    return render(
        request,
        "workspace/pair_insights.html",
        {
            "pair": pair,
            "insights": pair.insights.prefetch_related("tags"),
            "errors": errors,
            "typed": typed,
        },
        status=400 if errors else 200,
    )


@require_GET
@login_required
def insights(request: HttpRequest) -> HttpResponse:
    """Leads see shared insights across their programs; owners see the ones given to them."""
    visible, is_lead = insights_for_viewer(get_viewer(request))
    visible = visible.select_related("owner", "pair__cohort").prefetch_related("tags")
    impact = visible.aggregate(
        hours=Sum("hours_saved_per_week"),
        money=Sum("money_per_year"),
        customers=Sum("customers_reached"),
    )
    return render(
        request,
        "workspace/insights.html",
        {
            "insights": visible,
            "impact": impact,
            "states": Insight.State.choices,
            "is_lead": is_lead,
        },
    )


@require_POST
@login_required
def insight_update(request: HttpRequest, insight_id: UUID) -> HttpResponse:
    insight = get_insight_for_viewer(get_viewer(request), insight_id)
    # The figures come from number boxes: anything else is an altered page, refused in words.
    impact = posted(request, InsightImpactForm).cleaned_data
    try:
        stories.insight_update(
            insight=insight,
            state=impact["state"],
            hours=impact["hours"],
            money=impact["money"],
            customers=impact["customers"],
        )
        messages.success(request, "Updated.")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("workspace:all_insights")


@require_http_methods(["GET", "POST"])
@login_required
def pair_story(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    pair, member = get_pair_for_member(get_viewer(request), pair_id)
    story = Story.objects.filter(pair=pair).first()
    errors: list[str] = []
    if request.method == "POST":
        typed = posted(request, StoryForm).cleaned_data
        try:
            if typed["action"] == "consent" and story:
                stories.story_consent(story=story, member=member)
                messages.success(request, "You agreed to this version being shared.")
            else:
                stories.story_save(
                    pair=pair,
                    title=typed["title"],
                    body=typed["body"],
                )
                messages.success(
                    request, "Saved. Both of you agree to it before it goes to the program lead."
                )
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect("workspace:story", pair_id=pair.public_id)
    return render(
        request,
        "workspace/story.html",
        {"pair": pair, "story": story, "errors": errors, "member": member},
        status=400 if errors else 200,
    )


@require_POST
@login_required
def story_publish(request: HttpRequest, story_id: UUID) -> HttpResponse:
    """The lead publishes the agreed text as it is, or cuts it: a cut goes back to both members,
    and only what they agree to is published."""
    viewer = get_viewer(request)
    story = get_story_for_lead(viewer, story_id)
    typed = posted(request, PublishForm).cleaned_data
    body, title = typed["body"] or typed["redacted"], typed["title"]
    try:
        cut = stories.story_redact(
            story=story, lead=viewer.user, title=title or story.title, body=body or story.body
        )
        if cut.mentor_consent_at and cut.mentee_consent_at:
            stories.story_publish(story=cut, lead=viewer.user)
            messages.success(request, "Published on the showcase.")
        else:
            messages.success(
                request,
                "Your cut went back to both members. It is published once they both agree to it.",
            )
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("workspace:showcase")


def _published() -> QuerySet[Story]:
    return Story.objects.filter(published_at__isnull=False).select_related(
        "pair__mentor__employee", "pair__mentee__employee"
    )


@require_GET
@login_required
def showcase(request: HttpRequest) -> HttpResponse:
    viewer = get_viewer(request)
    led = viewer.programs_with(Role.LEAD)
    waiting = Story.objects.filter(
        pair__cohort__program_id__in=led,
        published_at__isnull=True,
        mentor_consent_at__isnull=False,
        mentee_consent_at__isnull=False,
    )
    feed_url = None
    may_manage = feeds.may_manage(viewer)
    link = feeds.live_link() if may_manage else None
    if link is not None:
        feed_url = (
            request.build_absolute_uri(reverse("workspace:showcase_feed"))
            + "?"
            + urlencode({"key": link.secret})
        )
    return render(
        request,
        "workspace/showcase.html",
        {
            "stories": _published(),
            "waiting": waiting,
            "may_manage_feed": may_manage,
            "feed_url": feed_url,
        },
    )


class _TextAtomFeed(Atom1Feed):
    """Atom whose summaries are plain text (`type="text"`): what members wrote is shown as they
    wrote it, never interpreted as HTML by a feed reader."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        summary = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})


@require_GET
def showcase_feed(request: HttpRequest) -> HttpResponse:
    """An Atom feed for the intranet: only stories both members and the lead agreed to.

    Open to a signed-in colleague (like the showcase) or to a reader holding the installation's
    secret link; a wrong or renewed-away secret is a 404, and no secret asks to sign in."""
    key = request.GET.get("key", "")
    if key:
        require_feed_key(key)
    elif not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    feed = _TextAtomFeed(
        title="Reverse mentoring stories",
        link=request.build_absolute_uri(reverse("workspace:showcase")),
        description="What pairs achieved, shared with their consent.",
        language="en",
    )
    for story in _published()[:50]:
        feed.add_item(
            title=story.title,
            description=story.published_body,
            link=request.build_absolute_uri(reverse("workspace:showcase"))
            + f"#story-{story.public_id}",
            unique_id=f"urn:uuid:{story.public_id}",
            pubdate=story.published_at,
            updateddate=story.published_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    feed.write(response, "utf-8")
    return response
