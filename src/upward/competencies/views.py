from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from upward.competencies.selectors import framework


@require_GET
@login_required
def competency_list(request: HttpRequest) -> HttpResponse:
    return render(request, "competencies/competency_list.html", {"competencies": framework()})
