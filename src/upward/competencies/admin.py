from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from upward.competencies.models import Competency, CompetencyLevel, SkillRating


class LevelInline(admin.TabularInline):
    model = CompetencyLevel
    extra = 0
    max_num = 5


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "area"]
    list_filter = ["category", "area"]
    inlines = [LevelInline]


@admin.register(SkillRating)
class SkillRatingAdmin(admin.ModelAdmin):
    """Self and manager ratings. A partner's rating of someone is confidential (it feeds cohort
    results and never reaches the person rated, nor anyone by name): it is not shown here."""

    list_display = ["employee", "competency", "rater_kind", "phase", "level", "rated_on"]
    list_filter = ["rater_kind", "phase"]
    raw_id_fields = ["employee", "rater", "cohort"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SkillRating]:
        return super().get_queryset(request).exclude(rater_kind=SkillRating.RaterKind.PARTNER)

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "rater_kind":
            kwargs["choices"] = [
                choice
                for choice in SkillRating.RaterKind.choices
                if choice[0] != SkillRating.RaterKind.PARTNER
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)
