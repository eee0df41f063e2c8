from django.contrib import admin

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
    list_display = ["employee", "competency", "rater_kind", "phase", "level", "rated_on"]
    list_filter = ["rater_kind", "phase"]
    raw_id_fields = ["employee", "rater", "cohort"]
