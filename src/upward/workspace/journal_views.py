"""A member's personal journal in a pair: read and written by its author alone. Everyone else
(the partner, the lead, site admins) gets a 404, as if it did not exist."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from upward.core.viewer import get_viewer
from upward.programs.access import get_pair_for_user
from upward.programs.models import Pair, Participant
from upward.workspace import selectors, services
from upward.workspace.forms import JournalForm
from upward.workspace.models import JournalEntry
from upward.workspace.views import member_of


def own_side(request: HttpRequest, pair_id: UUID) -> tuple[Pair, Participant]:
    """The pair and the viewer's side of it; anyone who is not one of its members gets a 404."""
    viewer = get_viewer(request)
    try:
        pair = get_pair_for_user(viewer, pair_id)
        return pair, member_of(viewer, pair)
    except PermissionDenied:
        raise Http404("No such journal.") from None


def own_entry(request: HttpRequest, entry_id: UUID) -> JournalEntry:
    viewer = get_viewer(request)
    entry = (
        JournalEntry.objects.select_related("pair")
        .filter(public_id=entry_id, pair_id__in=viewer.pair_ids)
        .first()
    )
    if entry is None:
        raise Http404("No such entry.")
    _, member = own_side(request, entry.pair.public_id)
    if entry.author_id != member.pk:
        raise Http404("No such entry.")
    return entry


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def journal(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    pair, member = own_side(request, pair_id)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    form = JournalForm(data, initial={"written_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.journal_write(pair=pair, author=member, today=today, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved in your journal.")
            return redirect("workspace:journal", pair_id=pair.public_id)
    return render(
        request,
        "workspace/journal.html",
        {"pair": pair, "form": form, "entries": selectors.journal_entries(pair, member)},
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def journal_entry(request: HttpRequest, entry_id: UUID) -> HttpResponse:
    entry = own_entry(request, entry_id)
    data = request.POST if request.method == "POST" else None
    form = JournalForm(data, initial={"written_on": entry.written_on, "text": entry.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.journal_edit(entry=entry, today=timezone.localdate(), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Entry saved.")
            return redirect("workspace:journal", pair_id=entry.pair.public_id)
    return render(
        request,
        "workspace/journal_entry.html",
        {"pair": entry.pair, "entry": entry, "form": form},
        status=400 if form.errors else 200,
    )
