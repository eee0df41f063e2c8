from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from upward.domain.hris.plan import Action, find_manager_loops, plan_import, valid_rows_only
from upward.domain.hris.records import PersonRecord
from upward.domain.hris.values import ExitType, Status

HEADER = [
    "Employee_ID",
    "Legal First Name",
    "Legal Last Name",
    "Primary Work Email",
    "Manager (Employee ID)",
    "Hire Date",
    "Termination Date",
    "Termination Type",
]


def row(pid: str, manager: str = "", *, exit_date: str = "", exit_type: str = "") -> list[str]:
    return [
        pid,
        f"First{pid}",
        f"Last{pid}",
        f"p{pid}@example.org",
        manager,
        "2020-01-15",
        exit_date,
        exit_type,
    ]


def record(pid: str, manager: str = "") -> PersonRecord:
    return PersonRecord(
        employee_id=pid,
        first_name=f"First{pid}",
        last_name=f"Last{pid}",
        preferred_name="",
        email=f"p{pid}@example.org",
        title="",
        department="",
        division="",
        level=None,
        manager_id=manager,
        hire_date=date(2020, 1, 15),
        location="",
        time_zone="",
        status=Status.ACTIVE,
        exit_date=None,
        exit_type=ExitType.UNKNOWN,
    )


def test_workday_headers_are_recognised_and_managers_resolve_in_any_order() -> None:
    plan = plan_import(HEADER, [row("3", "2"), row("2", "1"), row("1")], {})
    assert plan.ok
    assert plan.counts() == {"create": 3, "update": 0, "unchanged": 0, "error": 0}
    assert {p.record.employee_id: p.record.manager_id for p in plan.rows} == {
        "3": "2",
        "2": "1",
        "1": "",
    }


def test_a_missing_required_column_is_a_file_problem() -> None:
    plan = plan_import(["Name", "Department"], [["Ada Lovelace", "Eng"]], {})
    assert not plan.ok
    assert any("employee id" in problem for problem in plan.file_problems)
    assert any("email" in problem for problem in plan.file_problems)


def test_every_bad_row_is_reported_with_its_spreadsheet_row_number() -> None:
    rows = [row("1"), ["", "No", "Id", "x@example.org", "", "", "", ""], row("3", "99"), row("1")]
    plan = plan_import(HEADER, rows, {})
    by_row = {error.row: error.message for error in plan.errors}
    assert by_row[3] == "Employee id is empty."
    assert "Manager 99 is neither in this file nor in Upward" in by_row[4]
    assert "appears twice (row 2)" in by_row[5]
    assert plan.counts()["error"] == 3


def test_manager_loops_are_rejected_on_every_row_in_the_loop() -> None:
    plan = plan_import(HEADER, [row("1", "3"), row("2", "1"), row("3", "2"), row("4", "1")], {})
    loop_rows = sorted(error.row for error in plan.errors)
    assert loop_rows == [2, 3, 4]
    assert "1 → 3 → 2 → 1" in plan.errors[0].message or "loops" in plan.errors[0].message


def test_a_loop_through_people_already_in_upward_is_caught() -> None:
    existing = {"1": record("1", manager="2"), "2": record("2")}
    plan = plan_import(HEADER, [row("2", "1")], existing)
    assert not plan.ok
    assert "loops" in plan.errors[0].message


def test_reimporting_the_same_data_changes_nothing() -> None:
    existing = {"1": record("1"), "2": record("2", manager="1")}
    plan = plan_import(HEADER, [row("1"), row("2", "1")], existing)
    assert [p.action for p in plan.rows] == [Action.UNCHANGED, Action.UNCHANGED]


def test_an_update_lists_the_fields_that_changed() -> None:
    existing = {"1": replace(record("1"), email="old@example.org")}
    plan = plan_import(HEADER, [row("1")], existing)
    assert plan.rows[0].action is Action.UPDATE
    assert plan.rows[0].changed == ("email",)


def test_an_email_already_used_by_someone_else_is_an_error() -> None:
    existing = {"9": replace(record("9"), email="p1@example.org")}
    plan = plan_import(HEADER, [row("1")], existing)
    assert "also used by employee 9" in plan.errors[0].message


def test_exits_need_a_date_and_cannot_precede_hiring() -> None:
    rows = [
        row("1", exit_date="2019-01-01", exit_type="Resignation"),
        [*row("2")[:6], "", "Dismissal"],
    ]
    messages = [error.message for error in plan_import(HEADER, rows, {}).errors]
    assert any("before hire date" in m for m in messages)
    assert any("exit date or exit type is given" in m for m in messages)


def test_a_voluntary_exit_is_read_as_an_exit() -> None:
    plan = plan_import(HEADER, [row("1", exit_date="2024-06-30", exit_type="Resigned")], {})
    assert plan.ok
    person = plan.rows[0].record
    assert (person.status, person.exit_type) == (Status.EXITED, ExitType.VOLUNTARY)


def test_blank_rows_are_skipped_and_progress_is_reported() -> None:
    seen: list[int] = []
    rows = [row(str(n)) for n in range(1, 1201)] + [["", "", ""]]
    plan = plan_import(HEADER, rows, {}, on_progress=seen.append)
    assert plan.total_rows == 1200
    assert seen == [500, 1000]


# Properties: the loop finder agrees with a brute-force walk on any reporting graph.


def _brute_force_in_loop(manager_of: dict[str, str]) -> set[str]:
    in_loop = set()
    for start in manager_of:
        node, steps = manager_of.get(start), 0
        while node and steps <= len(manager_of):
            if node == start:
                in_loop.add(start)
                break
            node, steps = manager_of.get(node), steps + 1
    return in_loop


graphs = st.dictionaries(
    st.sampled_from([str(n) for n in range(12)]),
    st.sampled_from(["", *[str(n) for n in range(12)]]),
    max_size=12,
)


@given(graphs)
@settings(max_examples=300)
def test_loop_finder_matches_brute_force(manager_of: dict[str, str]) -> None:
    found = {pid for loop in find_manager_loops(manager_of) for pid in loop}
    assert found == _brute_force_in_loop(manager_of)


@given(st.permutations(range(30)))
def test_any_row_order_of_a_valid_tree_imports_cleanly(order: list[int]) -> None:
    # Person n reports to n // 2 (a binary tree rooted at 0).
    rows = [row(str(n), str(n // 2) if n else "") for n in order]
    plan = plan_import(HEADER, rows, {})
    assert plan.ok and plan.counts()["create"] == 30


# Importing the valid rows only: whatever leans on a refused row is refused too.


def _valid_only(rows: list[list[str]], existing: dict[str, PersonRecord] | None = None):
    existing = existing or {}
    return valid_rows_only(plan_import(HEADER, rows, existing), existing)


def test_reports_of_a_refused_manager_are_refused_with_the_reason_down_the_chain() -> None:
    bad_manager = row("2", "1")
    bad_manager[3] = "not-an-email"
    plan = _valid_only([row("1"), bad_manager, row("3", "2"), row("4", "3"), row("5", "1")])
    assert [p.record.employee_id for p in plan.rows] == ["1", "5"]
    reasons = {e.employee_id: e.message for e in plan.errors}
    assert reasons["3"].startswith("Manager 2 is refused (row 3)")
    assert reasons["4"].startswith("Manager 3 is refused (row 4)")
    assert plan.counts() == {"create": 2, "update": 0, "unchanged": 0, "error": 3}


def test_a_refused_manager_already_in_upward_still_manages_their_reports() -> None:
    bad_manager = row("2", "1")
    bad_manager[3] = "not-an-email"
    plan = _valid_only([bad_manager, row("3", "2")], existing={"2": record("2")})
    assert [p.record.employee_id for p in plan.rows] == ["3"]
    assert [e.employee_id for e in plan.errors] == ["2"]


def test_an_email_a_refused_row_would_have_freed_is_still_taken() -> None:
    moved = row("1")
    moved[3], moved[5] = "new@example.org", "not a date"  # refused: Upward keeps p1@
    newcomer = row("2")
    newcomer[3] = "p1@example.org"
    plan = _valid_only([moved, newcomer], existing={"1": record("1")})
    assert not plan.rows
    assert "Email p1@example.org is also used by employee 1." in [e.message for e in plan.errors]


def test_a_chain_that_loops_through_upwards_own_records_is_refused() -> None:
    # Upward has 1 reporting to 2; the file moves 1 under 3 (refused) and 2 under 1.
    moved = row("1", "3")
    moved[5] = "not a date"
    existing = {"1": record("1", "2"), "2": record("2"), "3": record("3")}
    plan = _valid_only([moved, row("2", "1")], existing=existing)
    assert not plan.rows
    assert any("loops" in e.message for e in plan.errors)


def test_a_plan_without_errors_is_the_same_with_valid_rows_only() -> None:
    full = plan_import(HEADER, [row("1"), row("2", "1")], {})
    assert valid_rows_only(full, {}) == full
