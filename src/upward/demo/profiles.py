"""A few people of the demo describe themselves, so the shortlist, the requests page and the
pair page show profiles in people's own words (the rest show that none is written yet)."""

from upward.accounts.models import Profile, User
from upward.matching.models import ShortlistEntry

PAIR = {
    "mentor": (
        "Two years in People analytics. I automate the boring parts of reporting and like "
        "explaining how the tools behave, not only which button to press.",
        "Spreadsheet automation, AI assistants for drafting and summarising, dashboards.",
        "How senior people decide what to fund, and how to speak up in big meetings.",
    ),
    "mentee": (
        "Twenty years in finance. I run the monthly close and I would like my team to spend "
        "less of it copying numbers between systems.",
        "Budgeting, negotiating with suppliers, how the board reads a forecast.",
        "Using an AI assistant on real finance work without leaking anything.",
    ),
}
SHORTLIST_OFFERS = (
    "Short-form video for product launches; editing on a phone.",
    "Customer research with online panels and quick surveys.",
    "No-code automation between the CRM and email.",
)


def write_demo_profiles() -> None:
    for username, (about, offers, wants) in PAIR.items():
        user = User.objects.get(username=username)
        Profile.objects.create(user=user, about=about, offers=offers, wants=wants)
    mentee = User.objects.get(username="next-mentee").employee
    mentors = (
        ShortlistEntry.objects.filter(mentee__employee=mentee)
        .select_related("mentor__employee__account")
        .order_by("position")
    )
    for entry, offers in zip(mentors, SHORTLIST_OFFERS, strict=False):
        account = entry.mentor.employee.account
        if account is not None and not Profile.objects.filter(user=account).exists():
            Profile.objects.create(user=account, offers=offers)
