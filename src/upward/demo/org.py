"""A synthetic, deterministic organisation: departments, a reporting tree, hires, exits and
promotions over three years. Built in memory as plain rows, then saved in bulk."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

DIVISIONS = {
    "Technology": ["Engineering", "Product", "Data & Analytics"],
    "Commercial": ["Marketing", "Sales", "Customer Success"],
    "Corporate": ["Finance", "People", "Operations", "Legal"],
}
SITES = [
    ("London", "Europe/London", 5),
    ("Berlin", "Europe/Berlin", 3),
    ("New York", "America/New_York", 4),
    ("Toronto", "America/Toronto", 2),
    ("Singapore", "Asia/Singapore", 2),
    ("Lisbon", "Europe/Lisbon", 2),
]
FIRST = (  # noqa: SIM905 - a word list reads better as prose
    "Amara Ben Chloe Dev Elif Farah Gabriel Hana Ines Jonas Kemi Liam Maya Nikhil Olu "
    "Priya Quentin Rosa Sami Tara Umar Vera Wei Ximena Yusuf Zoe Aditi Bruno Carmen "
    "Dmitri Esme Femi Greta Hugo Isla Jae Kofi Lena Mateo Noor Oscar Paula Rahul Sofia "
    "Tomas Ugo Valentina Will Yara Zain Anya Bilal Clara Diego Emeka Freya Goran Helena "
    "Ivan Julia "
).split()
LAST = (  # noqa: SIM905 - a word list reads better as prose
    "Okafor Schmidt Nakamura Patel Garcia Kowalski Haddad Murphy Santos Lindqvist Mensah "
    "Rossi Chen Dubois Novak Osei Fernandes Kim Ahmed Jensen Moreau Silva Wright Costa "
    "Yilmaz Brennan Tanaka Ibrahim Fischer Alvarez Kaur Petrov Mwangi Laurent Park "
    "Nilsen Adeyemi Romano Singh Walsh Herrera Bauer Cohen Ito Mahlangu Svensson Reyes "
    "Oyelaran "
).split()
TITLES = {
    1: "Associate",
    2: "Analyst",
    3: "Specialist",
    4: "Senior Specialist",
    5: "Lead",
    6: "Manager",
    7: "Senior Manager",
    8: "Director",
    9: "Vice President",
}
HEADCOUNT = 1500
_ALL_DEPARTMENTS = [d for departments in DIVISIONS.values() for d in departments]
HISTORY_YEARS = 3


@dataclass
class Person:
    key: int
    first: str
    last: str
    department: str
    level: int
    title: str
    site: tuple[str, str]
    hire_date: date
    manager_key: int | None = None
    exit_date: date | None = None
    exit_type: str = ""
    promotions: list[tuple[date, int, int]] = field(default_factory=list)

    @property
    def employee_id(self) -> str:
        return f"E{self.key:05d}"

    @property
    def email(self) -> str:
        return f"{self.first}.{self.last}.{self.key}@northwind.example".lower()


class OrgBuilder:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng, self.today = rng, today
        self.people: list[Person] = []

    def add(
        self, department: str, level: int, *, manager: Person | None, title: str | None = None
    ) -> Person:
        site = self.rng.choices(SITES, weights=[w for *_, w in SITES])[0]
        person = Person(
            key=len(self.people) + 1,
            first=self.rng.choice(FIRST),
            last=self.rng.choice(LAST),
            department=department,
            level=level,
            title=title or f"{department} {TITLES[level]}",
            site=(site[0], site[1]),
            hire_date=self._hire_date(level),
            manager_key=manager.key if manager else None,
        )
        self.people.append(person)
        return person

    def _hire_date(self, level: int) -> date:
        # Juniors are recent hires; leaders have long tenure.
        max_years = {1: 2.5, 2: 4, 3: 5}.get(level, 12)
        days = int(self.rng.uniform(30, max_years * 365))
        return self.today - timedelta(days=days)

    def build(self) -> list[Person]:
        ceo = self.add("Operations", 10, manager=None, title="Chief Executive Officer")
        for division, departments in DIVISIONS.items():
            vp = self.add(departments[0], 9, manager=ceo, title=f"VP {division}")
            for department in departments:
                self._department(department, vp)
        self._history()
        return self.people

    def _department(self, department: str, vp: Person) -> None:
        """A director, two or three senior managers with two or three managers each, and
        individual contributors filling the department to its headcount."""
        director = self.add(department, 8, manager=vp)
        managers = []
        for _ in range(self.rng.randint(2, 3)):
            senior = self.add(department, 7, manager=director)
            managers += [
                self.add(department, 6, manager=senior) for _ in range(self.rng.randint(2, 3))
            ]
        leaders = 1 + len(managers) + len(managers) // 2
        for n in range(HEADCOUNT // len(_ALL_DEPARTMENTS) - leaders):
            level = self.rng.choices([1, 2, 3, 4, 5], weights=[22, 28, 22, 16, 12])[0]
            self.add(department, level, manager=managers[n % len(managers)])

    def _history(self) -> None:
        """Exits and promotions across the last three years, at realistic yearly rates."""
        window_start = self.today - timedelta(days=365 * HISTORY_YEARS)
        for person in self.people:
            if person.level >= 9:
                continue
            start = max(person.hire_date, window_start)
            span = (self.today - start).days
            if span < 60:
                continue
            years = span / 365
            roll = self.rng.random()
            voluntary = 0.065 * years * (1.4 if person.level <= 3 else 0.8)
            involuntary = 0.02 * years
            if roll < voluntary + involuntary:
                person.exit_date = start + timedelta(days=self.rng.randint(45, span - 1))
                person.exit_type = "voluntary" if roll < voluntary else "involuntary"
            elif self.rng.random() < 0.11 * years and 2 <= person.level <= 8:
                promoted_on = start + timedelta(days=self.rng.randint(30, span - 1))
                person.promotions.append((promoted_on, person.level - 1, person.level))
