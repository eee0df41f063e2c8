"""Cross-row checks and the diff against people already in Upward: the import plan.

The plan is computed without writing anything, so a dry run and a real run see the same
result; the real run only persists a plan that has no errors (all or nothing), unless the lead
asks for the valid rows only (`valid_rows_only`), which refuses whatever leans on a refused row.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from upward.domain.hris.columns import map_headers
from upward.domain.hris.records import PersonRecord, RowError, read_row

PROGRESS_EVERY = 500


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class PlannedRow:
    row: int
    record: PersonRecord
    action: Action
    changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportPlan:
    rows: tuple[PlannedRow, ...] = ()
    errors: tuple[RowError, ...] = ()
    file_problems: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    total_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_problems

    def counts(self) -> dict[str, int]:
        counts = {action.value: 0 for action in Action}
        for planned in self.rows:
            counts[planned.action.value] += 1
        counts["error"] = len({error.row for error in self.errors})
        return counts


@dataclass
class _Collected:
    records: dict[str, tuple[int, PersonRecord]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    ids_in_file: set[str] = field(default_factory=set)
    total: int = 0


def plan_import(
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    existing: Mapping[str, PersonRecord],
    *,
    day_first: bool | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Plan an import of `rows` (cells in `header` order) against `existing` (by employee id)."""
    headers = map_headers(header)
    if headers.problems:
        return ImportPlan(file_problems=headers.problems, ignored_columns=headers.ignored)
    collected = _Collected()
    for number, cells in enumerate(rows, start=2):
        if not any(cell not in (None, "") for cell in cells):
            continue
        collected.total += 1
        _collect(collected, read_row(cells, headers, row=number, day_first=day_first), number)
        if on_progress and collected.total % PROGRESS_EVERY == 0:
            on_progress(collected.total)
    if collected.total == 0:
        return ImportPlan(file_problems=("The file has a header but no people.",))
    errors = collected.errors + _cross_row_errors(collected, existing)
    failed_rows = {error.row for error in errors}
    planned = tuple(
        _diff(number, record, existing)
        for number, record in collected.records.values()
        if number not in failed_rows
    )
    return ImportPlan(
        rows=planned,
        errors=tuple(sorted(errors, key=lambda e: e.row)),
        ignored_columns=headers.ignored,
        total_rows=collected.total,
    )


def _collect(collected: _Collected, result: PersonRecord | list[RowError], number: int) -> None:
    if isinstance(result, list):
        collected.errors.extend(result)
        collected.ids_in_file.update(error.employee_id for error in result if error.employee_id)
        return
    first = collected.records.get(result.employee_id)
    if first or result.employee_id in collected.ids_in_file:
        where = f" (row {first[0]})" if first else ""
        collected.errors.append(
            RowError(
                number,
                result.employee_id,
                f"Employee id {result.employee_id} appears twice{where}.",
            )
        )
        return
    collected.ids_in_file.add(result.employee_id)
    collected.records[result.employee_id] = (number, result)


def _diff(number: int, record: PersonRecord, existing: Mapping[str, PersonRecord]) -> PlannedRow:
    before = existing.get(record.employee_id)
    if before is None:
        return PlannedRow(number, record, Action.CREATE)
    changed = record.changed_fields(before)
    return PlannedRow(number, record, Action.UPDATE if changed else Action.UNCHANGED, changed)


def _cross_row_errors(
    collected: _Collected, existing: Mapping[str, PersonRecord]
) -> list[RowError]:
    return (
        _email_errors(collected, existing)
        + _manager_errors(collected, existing)
        + _cycle_errors(collected, existing)
    )


def _email_errors(collected: _Collected, existing: Mapping[str, PersonRecord]) -> list[RowError]:
    # Final email of everyone after the import: file rows override what is stored.
    owners: dict[str, list[str]] = {}
    final = {pid: person.email for pid, person in existing.items()}
    final.update({pid: record.email for pid, (_, record) in collected.records.items()})
    for pid, email in final.items():
        owners.setdefault(email, []).append(pid)
    errors = []
    for pid, (number, record) in collected.records.items():
        others = [other for other in owners.get(record.email, []) if other != pid]
        if record.email and others:
            errors.append(
                RowError(
                    number,
                    pid,
                    f"Email {record.email} is also used by employee {sorted(others)[0]}.",
                )
            )
    return errors


def _manager_errors(
    collected: _Collected,
    existing: Mapping[str, PersonRecord],
    refused: Mapping[str, int] | None = None,
) -> list[RowError]:
    refused = refused or {}
    return [
        RowError(number, pid, _missing_manager(record.manager_id, refused))
        for pid, (number, record) in collected.records.items()
        if record.manager_id
        and record.manager_id not in collected.ids_in_file
        and record.manager_id not in existing
    ]


def _missing_manager(manager_id: str, refused: Mapping[str, int]) -> str:
    if manager_id in refused:
        return (
            f"Manager {manager_id} is refused (row {refused[manager_id]}), so this person "
            "cannot be linked to them: fix that row first."
        )
    return f"Manager {manager_id} is neither in this file nor in Upward."


def valid_rows_only(plan: ImportPlan, existing: Mapping[str, PersonRecord]) -> ImportPlan:
    """The plan for importing only the rows without errors.

    Leaving a row out can break another: someone whose manager is only in a refused row, an
    email that a refused change would have freed, a manager chain that now loops through a
    person as Upward has them. Such rows are refused too, with the reason, until the rows that
    remain are consistent on their own.
    """
    if plan.file_problems:
        return plan
    kept = {planned.record.employee_id: planned for planned in plan.rows}
    errors = list(plan.errors)
    refused = {error.employee_id: error.row for error in errors if error.employee_id}
    while True:
        collected = _Collected(
            records={pid: (p.row, p.record) for pid, p in kept.items()}, ids_in_file=set(kept)
        )
        more = (
            _email_errors(collected, existing)
            + _manager_errors(
                collected, existing, {k: v for k, v in refused.items() if k not in kept}
            )
            + _cycle_errors(collected, existing)
        )
        if not more:
            break
        errors.extend(more)
        for error in more:
            kept.pop(error.employee_id, None)
            refused.setdefault(error.employee_id, error.row)
    return ImportPlan(
        rows=tuple(sorted(kept.values(), key=lambda p: p.row)),
        errors=tuple(sorted(errors, key=lambda e: e.row)),
        ignored_columns=plan.ignored_columns,
        total_rows=plan.total_rows,
    )


def _cycle_errors(collected: _Collected, existing: Mapping[str, PersonRecord]) -> list[RowError]:
    manager_of = {pid: person.manager_id for pid, person in existing.items()}
    manager_of.update({pid: record.manager_id for pid, (_, record) in collected.records.items()})
    errors = []
    for loop in find_manager_loops(manager_of):
        chain = " → ".join([*loop, loop[0]])
        for pid in loop:
            if pid in collected.records:
                errors.append(
                    RowError(collected.records[pid][0], pid, f"The manager chain loops: {chain}.")
                )
    return errors


def find_manager_loops(manager_of: Mapping[str, str]) -> list[list[str]]:
    """Every cycle in the who-reports-to-whom graph, each once, in O(people)."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = finished
    loops = []
    for start in manager_of:
        walk: list[str] = []
        node = start
        while node and node in manager_of and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = manager_of[node]
        if node and state.get(node) == 1:
            loops.append(walk[walk.index(node) :])
        for visited in walk:
            state[visited] = 2
    return loops
