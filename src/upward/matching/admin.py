from django.contrib import admin

from upward.matching.models import MatchEvent, MatchProfile, MatchRound


@admin.register(MatchProfile)
class MatchProfileAdmin(admin.ModelAdmin):
    list_display = ["participant", "capacity", "priority"]
    raw_id_fields = ["participant"]


class EventInline(admin.TabularInline):
    model = MatchEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "action", "reason", "detail"]


@admin.register(MatchRound)
class MatchRoundAdmin(admin.ModelAdmin):
    list_display = ["cohort", "kind", "mode", "state", "created_at"]
    list_filter = ["state", "kind"]
    readonly_fields = ["summary", "progress"]
    inlines = [EventInline]
