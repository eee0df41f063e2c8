"""Reading and planning a people import: who is already in Upward, how an import may be
applied, and the report of a plan that the import page and the API show."""

from dataclasses import dataclass
from typing import Any

from upward.domain.hris.plan import Action, ImportPlan
from upward.domain.hris.records import PersonRecord
from upward.domain.hris.values import ExitType, Status
from upward.people.models import Employee

# How an import is applied: every row or none (the default), or the valid rows only.
ALL_OR_NOTHING = "all"
VALID_ROWS = "valid_rows"
REPORT_ERROR_LIMIT = 2000
REPORT_CHANGE_LIMIT = 500


@dataclass(frozen=True)
class ImportOutcome:
    plan: ImportPlan
    applied: bool


def existing_records() -> dict[str, PersonRecord]:
    """Everyone already in Upward, as the importer compares them (one query)."""
    rows = Employee.objects.values_list(
        "employee_id",
        "first_name",
        "last_name",
        "preferred_name",
        "email",
        "title",
        "department__name",
        "department__division",
        "level",
        "manager__employee_id",
        "hire_date",
        "location",
        "time_zone",
        "status",
        "exit_date",
        "exit_type",
    )
    return {
        row[0]: PersonRecord(
            employee_id=row[0],
            first_name=row[1],
            last_name=row[2],
            preferred_name=row[3],
            email=row[4],
            title=row[5],
            department=row[6] or "",
            division=row[7] or "",
            level=row[8],
            manager_id=row[9] or "",
            hire_date=row[10],
            location=row[11],
            time_zone=row[12],
            status=Status(row[13]),
            exit_date=row[14],
            exit_type=ExitType(row[15]),
        )
        for row in rows
    }


def plan_report(plan: ImportPlan) -> dict[str, Any]:
    """What the import page and the API show: counts, errors by row, and the changes."""
    changes = [row for row in plan.rows if row.action is not Action.UNCHANGED]
    return {
        "counts": plan.counts(),
        "total_rows": plan.total_rows,
        "file_problems": list(plan.file_problems),
        "ignored_columns": list(plan.ignored_columns),
        "errors": [
            {"row": e.row, "employee_id": e.employee_id, "message": e.message}
            for e in plan.errors[:REPORT_ERROR_LIMIT]
        ],
        "errors_total": len(plan.errors),
        "changes": [
            {
                "row": row.row,
                "employee_id": row.record.employee_id,
                "action": row.action.value,
                "changed": list(row.changed),
            }
            for row in changes[:REPORT_CHANGE_LIMIT]
        ],
        "changes_total": len(changes),
    }


def valid_row_count(counts: dict[str, int]) -> int:
    return sum(counts.get(action.value, 0) for action in Action)
