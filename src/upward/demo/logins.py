"""The demo's logins: the admin, the program's named roles and a pair, the pilot's guide and
the next cohort's mentee and mentor, all with the one printed demo password."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from upward.accounts.models import User
from upward.demo.cast import Cast
from upward.demo.org import Person
from upward.people.models import Employee
from upward.programs.models import Cohort, Program, ProgramRole

# The printed login of a throwaway demo, not a secret.
DEMO_PASSWORD = "upward-demo"  # nosec B105


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    who: str


def guide_login(guide: Employee) -> DemoLogin:
    """The pilot mentor who now guides three of the running cohort's mentors."""
    account = guide.account
    assert account is not None
    account.username = "guide"
    account.save(update_fields=["username"])
    return DemoLogin("Guide (mentor of mentors)", "guide", f"{guide.display_name}, {guide.title}")


def matching_logins(cohort: Cohort) -> list[DemoLogin]:
    """Accounts for the next cohort's first mentee and a mentor on their shortlist."""
    password = User.objects.get(username="lead").password
    match_round = cohort.match_rounds.get()
    first = match_round.shortlist.select_related("mentee__employee", "mentor__employee")[0]
    logins = []
    for role, username, employee in (
        ("Mentee choosing a mentor", "next-mentee", first.mentee.employee),
        ("Mentor on that shortlist", "next-mentor", first.mentor.employee),
    ):
        _account(employee, username, password)
        logins.append(DemoLogin(role, username, f"{employee.display_name}, {employee.title}"))
    return logins


def save_accounts(
    employees: dict[int, Employee],
    cast: Cast,
    program: Program,
    current: list[tuple[Person, Person]],
) -> list[DemoLogin]:
    password = make_password(DEMO_PASSWORD)  # hashed once: Argon2 per account would be slow
    admin = User.objects.create(
        username="admin",
        email="admin@northwind.example",
        first_name="Site",
        last_name="Admin",
        is_staff=True,
        is_superuser=True,
        password=password,
    )
    logins = [DemoLogin("Site admin", admin.username, "Installation administrator")]
    named = [
        ("Program lead", "lead", cast.lead),
        ("Executive sponsor", "sponsor", cast.sponsor),
        ("People analyst", "analyst", cast.analyst),
        ("Mentor (junior)", "mentor", current[0][0]),
        ("Mentee (senior leader)", "mentee", current[0][1]),
    ]
    users: dict[str, User] = {}
    for role, username, person in named:
        users[username] = _account(employees[person.key], username, password)
        logins.append(DemoLogin(role, username, f"{person.first} {person.last}, {person.title}"))
    for grant in ("lead", "sponsor", "analyst"):
        ProgramRole.objects.create(program=program, user=users[grant], role=grant)
    participants = Employee.objects.filter(participations__isnull=False, account__isnull=True)
    for employee in participants.distinct():
        _account(employee, employee.email, password)
    return logins


def _account(employee: Employee, username: str, password: str) -> User:
    user = User.objects.create(
        username=username,
        email=employee.email,
        first_name=employee.first_name,
        last_name=employee.last_name,
        password=password,
    )
    employee.account = user
    employee.save(update_fields=["account"])
    return user
