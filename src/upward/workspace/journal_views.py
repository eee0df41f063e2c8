"""A member's personal journal in a pair: read and written by its author alone. Everyone else
(the partner, the lead, site admins) gets a 404, as if it did not exist."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from upward.core.viewer import get_viewer
from upward.workspace import selectors, services
from upward.workspace.access import get_entry_for_author, get_pair_for_journal_author
from upward.workspace.forms import JournalForm


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def journal(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    pair, member = get_pair_for_journal_author(get_viewer(request), pair_id)
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
    entry = get_entry_for_author(get_viewer(request), entry_id)
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
