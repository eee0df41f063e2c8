# DiversityProfile is deliberately not registered: self-declared attributes are for their owner
# alone, and an admin screen would let any staff member browse them.
from django.contrib import admin

from upward.people.models import Department, Employee, ImportJob, PromotionRecord


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "division"]
    search_fields = ["name", "division"]


class PromotionInline(admin.TabularInline):
    model = PromotionRecord
    extra = 0


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = [
        "employee_id",
        "first_name",
        "last_name",
        "title",
        "department",
        "level",
        "status",
    ]
    list_filter = ["status", "department"]
    search_fields = ["employee_id", "first_name", "last_name", "email"]
    raw_id_fields = ["manager", "account"]
    inlines = [PromotionInline]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "state", "created_by", "created_at", "total_rows"]
    exclude = ["content"]
    readonly_fields = [
        "filename",
        "kind",
        "state",
        "created_by",
        "total_rows",
        "processed_rows",
        "counts",
        "report",
        "finished_at",
        "day_first",
    ]
