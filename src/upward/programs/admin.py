from django.contrib import admin

from upward.programs.models import Cohort, Pair, Participant, Program, ProgramRole


class RoleInline(admin.TabularInline):
    model = ProgramRole
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "program_type", "start_date", "end_date", "state"]
    inlines = [RoleInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "start_date", "end_date"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["employee", "cohort", "role", "state"]
    list_filter = ["role", "state"]
    raw_id_fields = ["employee"]


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cohort", "state", "started_on"]
    list_filter = ["state"]
    raw_id_fields = ["mentor", "mentee"]
