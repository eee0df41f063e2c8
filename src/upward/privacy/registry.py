"""Where personal data lives, model by model: what a person's export reads, and why anything is
left out. `tests/test_personal_data.py` fails when a model of ours is in neither list, so a new
model needs a decision here before it lands.

`EXPORTED` maps a model to (lookups from it to the person, fields exported): the person's own
download, which holds what they wrote and what the screens show them, never what others wrote or
answered about them in confidence. A lookup ending in `account` reaches the person's login; the
others reach the Employee. `ADMIN_SHOWN` and `ADMIN_COUNTED` are the site administrator's export
of someone: what an administrator's screens show, and counts of the rest.
"""

EXPORTED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "people.Employee": (
        ("pk",),
        (
            "employee_id",
            "first_name",
            "last_name",
            "preferred_name",
            "email",
            "title",
            "department__name",
            "level",
            "manager__employee_id",
            "hire_date",
            "location",
            "time_zone",
            "language",
            "status",
            "exit_date",
            "exit_type",
            "created_at",
        ),
    ),
    "accounts.User": (
        ("employee",),
        ("username", "email", "first_name", "last_name", "date_joined", "last_login", "is_active"),
    ),
    "accounts.LoginSession": (("user__employee",), ("started_at",)),
    "accounts.SsoIdentity": (("user__employee",), ("issuer", "subject", "linked_at")),
    # That an authenticator is set up, never its secret.
    "accounts.TotpDevice": (("user__employee",), ("confirmed_at",)),
    # What they wrote about themselves (the photo's file name; the photo is theirs to see).
    "accounts.Profile": (("user__employee",), ("about", "offers", "wants", "photo", "updated_at")),
    "people.PromotionRecord": (
        ("employee",),
        ("effective_date", "from_level", "to_level", "from_title", "to_title"),
    ),
    "people.DiversityProfile": (
        ("employee",),
        ("gender", "ethnic_minority", "disability", "lgbtq", "first_generation", "declared_at"),
    ),
    # Ratings they gave, and their own and their manager's ratings of them. A partner's rating
    # of them is confidential (the screens never show it to the person rated): the export gives
    # it as the cohort's suppressed aggregate only (`partner_ratings_of_you`), never a rater.
    "competencies.SkillRating": (
        ("skill_ratings",),
        ("employee__employee_id", "competency__name", "level", "phase", "rater_kind", "rated_on"),
    ),
    "programs.Participant": (
        ("employee",),
        (
            "cohort__name",
            "role",
            "state",
            "joined_on",
            "invited_at",
            "consent_at",
            "intake_completed_at",
            "goals",
            "channel",
            "language",
        ),
    ),
    "programs.ProgramRole": (("user__employee",), ("program__name", "role")),
    "programs.Pair": (
        ("mentor__employee", "mentee__employee"),
        (
            "public_id",
            "cohort__name",
            "mentor__employee__first_name",
            "mentee__employee__first_name",
            "state",
            "started_on",
            "ended_on",
        ),
    ),
    "matching.MatchProfile": (("participant__employee",), ("interests", "slots", "capacity")),
    "matching.Proposal": (
        ("mentee__employee", "mentor__employee"),
        ("round__cohort__name", "score", "reasons"),
    ),
    # What they answered: a mentee's ranking of mentors, a mentor's yes or no to mentees. Not
    # what others answered about them.
    "matching.Choice": (("mentee__employee",), ("round__cohort__name", "rank")),
    "matching.MentorResponse": (("mentor__employee",), ("round__cohort__name", "accepted")),
    "matching.Unmatched": (("participant__employee",), ("round__cohort__name", "reason")),
    "governance.CharterSignature": (("signer__employee",), ("charter__program__name", "signed_at")),
    "workspace.RulesAcceptance": (("member__employee",), ("version", "accepted_at")),
    "workspace.Goal": (
        ("pair__mentor__employee", "pair__mentee__employee"),
        ("text", "metric", "unit", "direction", "baseline", "target", "deadline"),
    ),
    "workspace.GoalUpdate": (("by__employee",), ("goal__text", "value", "note", "noted_on")),
    "workspace.Session": (
        ("pair__mentor__employee", "pair__mentee__employee"),
        ("starts_at", "status", "agenda", "private_notes"),
    ),
    "workspace.CalendarToken": (("user__employee",), ("created_at",)),
    "workspace.MilestoneCheck": (("by__employee",), ("roadblocks", "wins", "next_actions")),
    "workspace.Concern": (("raised_by__employee",), ("topic", "text", "state", "created_at")),
    "workspace.Closure": (
        ("pair__mentor__employee", "pair__mentee__employee"),
        (
            "decision",
            "state",
            "proposed_by__employee__first_name",
            "proposed_at",
            "answered_at",
            "mentor_learned",
            "mentee_learned",
            "next_steps",
        ),
    ),
    # The author's alone: never in their partner's export.
    "workspace.JournalEntry": (("author__employee",), ("pair__public_id", "written_on", "text")),
    "workspace.Insight": (("raised_by__employee", "owner"), ("title", "description", "state")),
    "workspace.Story": (
        ("pair__mentor__employee", "pair__mentee__employee"),
        ("title", "body", "published_body", "published_at"),
    ),
    "surveys.Invitation": (("participant__employee",), ("wave__label", "answered", "answered_on")),
    "surveys.Response": (
        ("participant__employee",),
        ("wave__label", "instrument__name", "side", "answers", "score"),
    ),
    "flags.CheckIn": (
        ("pair__mentor__employee", "pair__mentee__employee"),
        ("requested_on", "held_on"),
    ),
    "notifications.OutboundEmail": (("to_person",), ("template", "queued_at", "state")),
    "notifications.EmailOptOut": (("user__employee",), ("kind", "chosen_at")),
    "integrations.ApiToken": (("created_by__employee",), ("name", "prefix", "scope", "created_at")),
    "scim.ScimUser": (
        ("employee",),
        ("user_name", "external_id", "emails", "preferred_language", "timezone"),
    ),
    "scim.ScimGroup": (("members",), ("display_name",)),
    "audit.AuditEvent": (("audit_subject",), ("at", "action", "target", "ip", "details")),
    "circles.CircleMember": (("employee",), ("circle__name", "circle__focus", "added_at")),
    # What they shared with their circle; others' notes stay with the circle.
    "circles.CircleNote": (("author",), ("circle__name", "text", "created_at")),
    "circles.CircleSession": (
        ("circle__members__employee",),
        ("circle__name", "starts_at", "minutes", "place", "status"),
    ),
    "alumni.Alumnus": (
        ("employee",),
        (
            "program__name",
            "role",
            "state",
            "graduated_on",
            "listed",
            "open_to_return",
            "invited_back_on",
        ),
    ),
    "alumni.GuideAppointment": (("guide",), ("cohort__name", "appointed_on", "ended_on")),
    # A mentor's export says who guided them, never what the guide noted about them.
    "alumni.GuidedMentor": (
        ("mentor__employee",),
        ("appointment__guide__first_name", "appointment__cohort__name", "ended_on"),
    ),
    # The guide wrote these: in the guide's export, not the mentor's.
    "alumni.GuideCheckIn": (
        ("guided__appointment__guide",),
        ("guided__mentor__employee__first_name", "held_on", "text"),
    ),
    # Their yes or no to talent reviews, and the lead's note that goes with a yes (shown to them).
    "talent.OutcomeConsent": (
        ("participant__employee",),
        ("pair__cohort__name", "shared", "decided_at", "lead_note", "lead_note_updated_at"),
    ),
}

# Models of ours with no personal data in an export, each with the reason.
NOT_EXPORTED: dict[str, str] = {
    "people.Department": "The organisation's structure; no person in it.",
    "people.ImportJob": "An HR upload with its row report; purged 30 days after upload.",
    "competencies.Competency": "The competency framework.",
    "competencies.CompetencyLevel": "The competency framework.",
    "programs.Program": "The program's design.",
    "programs.Cohort": "A cohort's dates and settings.",
    "matching.MatchRound": "A round's settings and totals; the person's proposals are exported.",
    "matching.Exclusion": "A lead's working state in a round, superseded by the proposals.",
    "matching.ShortlistEntry": "A round's working list, superseded by the proposals and choices.",
    "matching.MatchEvent": "The lead's actions on a round; the audit log records them too.",
    "governance.ReadinessCheck": "An organisation's readiness answers; the author is a reference.",
    "governance.CharterVersion": "The program's charter; signatures are exported.",
    "governance.Checkpoint": "The program's governance dates.",
    "workspace.Tag": "The shared list of session topics.",
    "notifications.SchedulerLease": "Which process runs which job.",
    "surveys.Instrument": "Questionnaire definitions.",
    "surveys.Wave": "A survey wave's dates and counts.",
    "surveys.WaveInstrument": "Which questionnaires a wave uses.",
    "surveys.ReleasedFigure": (
        "Which sets of answers a released aggregate covered, as keyed digests: no answer, no "
        "name, nothing that joins back to a person."
    ),
    "impact.CohortResult": "Aggregates only, suppressed under k respondents.",
    "impact.ProgramResult": "Aggregates only, suppressed under k respondents.",
    "impact.ImpactSettings": "The program's ROI assumptions.",
    "impact.BusinessMeasurement": "A program-level business figure.",
    "webhooks.Webhook": "A program's configuration; the creator is a reference.",
    "webhooks.Delivery": "Messages already sent out (names and counts); purged after 90 days.",
    "audit.AuditSubject": "The key that links audit events to a person; erased with them.",
    "flags.Flag": (
        "The program lead's working note about a pair (its evidence quotes what others saw), "
        "never shown to the pair; the check-ins it leads to are exported."
    ),
    "integrations.FeedLink": "The showcase feed's secret link; its creator is a reference.",
    "circles.Circle": "A circle's name, focus and rhythm; each member's place in it is exported.",
    "talent.ProgramDecision": "The program's future as its lead decided; the lead is a reference.",
}

# The site administrator's export of someone (`/people/<id>/personal-data.json`) says what the
# screens let an administrator see: who the person is, their account, roles, pair membership and
# dates, row by row here; of what they wrote or said in confidence only how many (`ADMIN_COUNTED`).
# The words themselves are in the person's own download, which only they can make.
ADMIN_SHOWN: dict[str, tuple[str, ...]] = {
    "people.Employee": EXPORTED["people.Employee"][1],
    "accounts.User": EXPORTED["accounts.User"][1],
    "accounts.LoginSession": ("started_at",),
    "accounts.SsoIdentity": ("issuer", "subject", "linked_at"),
    "accounts.TotpDevice": ("confirmed_at",),
    "people.PromotionRecord": EXPORTED["people.PromotionRecord"][1],
    "programs.Participant": (
        "cohort__name",
        "role",
        "state",
        "joined_on",
        "invited_at",
        "consent_at",
        "intake_completed_at",
    ),
    "programs.ProgramRole": ("program__name", "role"),
    "programs.Pair": EXPORTED["programs.Pair"][1],
    "governance.CharterSignature": ("charter__program__name", "signed_at"),
    "workspace.RulesAcceptance": ("version", "accepted_at"),
    "workspace.CalendarToken": ("created_at",),
    "flags.CheckIn": ("requested_on", "held_on"),
    "notifications.OutboundEmail": ("template", "queued_at", "state"),
    "integrations.ApiToken": EXPORTED["integrations.ApiToken"][1],
    "scim.ScimUser": EXPORTED["scim.ScimUser"][1],
    "scim.ScimGroup": ("display_name",),
    "audit.AuditEvent": ("at", "action", "target"),
    "circles.CircleMember": ("circle__name", "added_at"),
    "alumni.Alumnus": EXPORTED["alumni.Alumnus"][1],
    "alumni.GuideAppointment": EXPORTED["alumni.GuideAppointment"][1],
    "alumni.GuidedMentor": EXPORTED["alumni.GuidedMentor"][1],
    "talent.OutcomeConsent": ("pair__cohort__name", "shared", "decided_at"),
}

ADMIN_COUNTED: tuple[str, ...] = (
    "workspace.Goal",
    "workspace.GoalUpdate",
    "workspace.Session",
    "workspace.MilestoneCheck",
    "workspace.Concern",
    "workspace.Closure",
    "workspace.Insight",
    "workspace.Story",
    "competencies.SkillRating",
    "surveys.Invitation",
    "surveys.Response",
    "matching.MatchProfile",
    "matching.Proposal",
    "matching.Choice",
    "matching.MentorResponse",
    "matching.Unmatched",
    "notifications.EmailOptOut",
    "accounts.Profile",
    "circles.CircleNote",
)
