from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from upward.api_errors import ErrorOut, FiniteFloat, refused
from upward.core.viewer import get_viewer
from upward.domain.matching.model import Rules, Weights
from upward.matching import selectors, services
from upward.matching.access import get_round_as_participant, get_round_for_lead
from upward.matching.models import MatchRound, Proposal, ShortlistEntry
from upward.pagination import Paging
from upward.programs.access import get_cohort_for_lead
from upward.programs.models import Participant

router = Router(tags=["matching"])


class RoundIn(Schema):
    mode: str = MatchRound.Mode.LEAD_ASSIGNS
    algorithm: str = MatchRound.Algorithm.OPTIMAL
    weights: dict[str, FiniteFloat] = Field(default_factory=dict)
    rules: dict[str, FiniteFloat | int | bool] = Field(default_factory=dict)
    shortlist_size: int = 5
    exposure_cap: int = 0
    diversity_quota: int = 0
    # Mentee-choice rounds: the day mentors answer requests by, and what silence counts as then.
    answers_due: date | None = None
    unanswered: str = MatchRound.Unanswered.DECLINES


class ProposalOut(Schema):
    id: UUID
    mentee: str
    mentor: str
    score: float
    parts: dict[str, float]
    reasons: list[str]
    locked: bool
    choice_rank: int | None

    @staticmethod
    def of(p: Proposal) -> "ProposalOut":
        return ProposalOut(
            id=p.public_id,
            mentee=p.mentee.employee.display_name,
            mentor=p.mentor.employee.display_name,
            score=p.score,
            parts=p.parts,
            reasons=p.reasons,
            locked=p.locked,
            choice_rank=p.choice_rank,
        )


class UnmatchedOut(Schema):
    name: str
    role: str
    reason: str


class LeftOutOut(Schema):
    reason: str
    count: int


class ChoosingOut(Schema):
    mentees: int
    not_chosen: int
    unanswered: int
    silence_is_yes: bool


class RoundOut(Schema):
    id: UUID
    kind: str
    mode: str
    algorithm: str
    state: str
    answers_due: date | None
    unanswered_counts_as: str
    left_out: list[LeftOutOut]
    choosing: ChoosingOut | None
    weights: dict[str, float]
    rules: dict[str, float | int | bool]
    progress: dict[str, str | int]
    summary: dict[str, object]
    proposals: list[ProposalOut]
    unmatched: list[UnmatchedOut]

    @staticmethod
    def of(match_round: MatchRound) -> "RoundOut":
        page = selectors.round_page(match_round)
        return RoundOut(
            id=match_round.public_id,
            kind=match_round.kind,
            mode=match_round.mode,
            algorithm=match_round.algorithm,
            state=match_round.state,
            answers_due=match_round.answers_due,
            unanswered_counts_as=match_round.unanswered,
            left_out=[
                LeftOutOut(reason=reason, count=count)
                for reason, count in selectors.left_out(match_round.cohort)
            ],
            choosing=_choosing(match_round),
            weights=match_round.weights,
            rules=match_round.rules,
            progress=match_round.progress,
            summary=match_round.summary,
            proposals=[ProposalOut.of(p) for p in page["proposals"]],
            unmatched=[
                UnmatchedOut(
                    name=u.participant.employee.display_name,
                    role=u.participant.role,
                    reason=u.reason,
                )
                for u in page["unmatched"]
            ],
        )


def _choosing(match_round: MatchRound) -> ChoosingOut | None:
    if match_round.state != MatchRound.State.CHOOSING:
        return None
    progress = selectors.choosing_progress(match_round)
    return ChoosingOut(
        mentees=progress.mentees,
        not_chosen=progress.not_chosen,
        unanswered=progress.unanswered,
        silence_is_yes=progress.silence_is_yes,
    )


class ShortlistOut(Schema):
    mentor: UUID
    name: str
    title: str
    position: int
    reasons: list[str]

    @staticmethod
    def of(entry: ShortlistEntry) -> "ShortlistOut":
        return ShortlistOut(
            mentor=entry.mentor.public_id,
            name=entry.mentor.employee.display_name,
            title=entry.mentor.employee.title,
            position=entry.position,
            reasons=entry.reasons,
        )


class ChoicesIn(Schema):
    mentors: list[UUID] = Field(..., description="Mentors from your shortlist, first choice first.")


class ResponseIn(Schema):
    mentee: UUID
    accepted: bool


@router.get("/cohorts/{cohort_id}/rounds", response=list[RoundOut], summary="A cohort's rounds")
@paginate(Paging)
def list_rounds(request: HttpRequest, cohort_id: UUID) -> list[RoundOut]:
    return [
        RoundOut.of(r)
        for r in selectors.rounds_of(get_cohort_for_lead(get_viewer(request), cohort_id))
    ]


@router.post(
    "/cohorts/{cohort_id}/rounds",
    response={201: RoundOut, 400: ErrorOut},
    summary="Create a match round",
)
def create_round(
    request: HttpRequest, cohort_id: UUID, body: RoundIn
) -> Status[RoundOut | ErrorOut]:
    cohort = get_cohort_for_lead(get_viewer(request), cohort_id)
    try:
        weights = Weights(**body.weights) if body.weights else Weights()
        rules = Rules(**body.rules) if body.rules else Rules()  # type: ignore[arg-type]
        match_round = services.round_create(
            cohort=cohort,
            actor=get_viewer(request).user,
            mode=body.mode,
            algorithm=body.algorithm,
            weights=weights,
            rules=rules,
            shortlist_size=body.shortlist_size,
            exposure_cap=body.exposure_cap,
            diversity_quota=body.diversity_quota,
            answers_due=body.answers_due,
            unanswered=body.unanswered,
        )
    except TypeError:
        return refused(400, "Unknown weight or rule name.")
    except ValidationError as error:
        return refused(400, error)
    return Status(201, RoundOut.of(match_round))


@router.get("/rounds/{round_id}", response=RoundOut, summary="A round with its proposal")
def get_round(request: HttpRequest, round_id: UUID) -> RoundOut:
    return RoundOut.of(get_round_for_lead(get_viewer(request), round_id))


@router.post(
    "/rounds/{round_id}/run",
    response={202: RoundOut, 409: ErrorOut},
    summary="Run (or re-run) a round in the background",
)
def run_round(request: HttpRequest, round_id: UUID) -> Status[RoundOut | ErrorOut]:
    viewer = get_viewer(request)
    match_round = get_round_for_lead(viewer, round_id)
    try:
        services.round_start(match_round, viewer.user)
    except ValidationError as error:
        return refused(409, error)
    match_round.refresh_from_db()
    return Status(202, RoundOut.of(match_round))


class CloseChoosingIn(Schema):
    # Closing while mentees have not chosen or requests wait for an answer is refused unless
    # the lead confirms it, as on the round page.
    confirmed: bool = False


@router.post(
    "/rounds/{round_id}/close-choosing",
    response={202: RoundOut, 409: ErrorOut},
    summary="Close choosing and assign (mentee-choice rounds)",
)
def close_choosing(
    request: HttpRequest, round_id: UUID, body: CloseChoosingIn
) -> Status[RoundOut | ErrorOut]:
    viewer = get_viewer(request)
    match_round = get_round_for_lead(viewer, round_id)
    try:
        services.round_resolve(match_round, viewer.user, confirmed=body.confirmed)
    except ValidationError as error:
        return refused(409, error)
    match_round.refresh_from_db()
    return Status(202, RoundOut.of(match_round))


@router.post(
    "/rounds/{round_id}/publish",
    response={200: RoundOut, 409: ErrorOut},
    summary="Publish a proposal: the pairs are created",
)
def publish_round(request: HttpRequest, round_id: UUID) -> Status[RoundOut | ErrorOut]:
    viewer = get_viewer(request)
    match_round = get_round_for_lead(viewer, round_id)
    try:
        services.round_publish(match_round, viewer.user)
    except ValidationError as error:
        return refused(409, error)
    return Status(200, RoundOut.of(match_round))


@router.get(
    "/rounds/{round_id}/shortlist", response=list[ShortlistOut], summary="Your shortlist (mentees)"
)
@paginate(Paging)
def my_shortlist(request: HttpRequest, round_id: UUID) -> list[ShortlistOut]:
    match_round, mentee = get_round_as_participant(
        get_viewer(request), round_id, Participant.Role.MENTEE
    )
    return _shortlist_of(match_round, mentee)


def _shortlist_of(match_round: MatchRound, mentee: Participant) -> list[ShortlistOut]:
    entries = match_round.shortlist.filter(mentee=mentee).select_related("mentor__employee")
    return [ShortlistOut.of(entry) for entry in entries.order_by("position")]


@router.put(
    "/rounds/{round_id}/choices",
    response={200: list[ShortlistOut], 400: ErrorOut},
    summary="Rank mentors from your shortlist (mentees)",
)
def put_choices(
    request: HttpRequest, round_id: UUID, body: ChoicesIn
) -> Status[list[ShortlistOut] | ErrorOut]:
    match_round, mentee = get_round_as_participant(
        get_viewer(request), round_id, Participant.Role.MENTEE
    )
    try:
        services.choices_submit(match_round, mentee, [str(m) for m in body.mentors])
    except ValidationError as error:
        return refused(400, error)
    # The shortlist as it now stands (not through the paginated view, which takes no round id).
    return Status(200, _shortlist_of(match_round, mentee))


@router.post(
    "/rounds/{round_id}/responses",
    response={200: ErrorOut, 400: ErrorOut},
    summary="Accept or decline a mentee who asked for you (mentors)",
)
def post_response(request: HttpRequest, round_id: UUID, body: ResponseIn) -> Status[ErrorOut]:
    match_round, mentor = get_round_as_participant(
        get_viewer(request), round_id, Participant.Role.MENTOR
    )
    mentee = Participant.objects.filter(cohort=match_round.cohort, public_id=body.mentee).first()
    try:
        if mentee is None:
            raise ValidationError("No such request.")
        services.response_submit(match_round, mentor, mentee, accepted=body.accepted)
    except ValidationError as error:
        return refused(400, error)
    return refused(200, "Saved.")
