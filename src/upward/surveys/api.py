"""Surveys over the API: the same services, access rules and privacy rules as the pages.

No operation returns an individual's answers: results are the suppressed aggregates only.
"""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from upward.api_errors import ErrorOut, MessageOut, refused
from upward.core.viewer import get_viewer
from upward.domain.surveys.instruments import Item
from upward.pagination import Paging
from upward.programs.access import get_cohort_for_lead, get_cohort_for_user
from upward.surveys import selectors, services
from upward.surveys.access import get_invitation_for_invitee, get_wave_for_lead, get_wave_for_user
from upward.surveys.forms import sections
from upward.surveys.loading import load_pack
from upward.surveys.models import Instrument, Invitation, Wave

router = Router(tags=["surveys"])


class ItemOut(Schema):
    key: str
    text: str
    kind: str
    reverse: bool
    required: bool


class InstrumentOut(Schema):
    key: str
    version: int
    name: str
    purpose: str
    source: str
    privacy: str
    audience: str
    scale_min: int
    scale_max: int
    licence: str
    citation: str
    items: list[ItemOut]


def _items_out(items: tuple[Item, ...]) -> list[ItemOut]:
    return [
        ItemOut(key=i.key, text=i.text, kind=i.kind.value, reverse=i.reverse, required=i.required)
        for i in items
    ]


def _instrument_out(instrument: Instrument) -> InstrumentOut:
    spec = instrument.spec
    return InstrumentOut(
        key=spec.key,
        version=spec.version,
        name=spec.name,
        purpose=spec.purpose,
        source=instrument.source,
        privacy=spec.privacy.value,
        audience=spec.audience.value,
        scale_min=spec.scale_min,
        scale_max=spec.scale_max,
        licence=spec.licence,
        citation=spec.citation,
        items=_items_out(spec.items),
    )


class WaveOut(Schema):
    id: UUID
    label: str
    kind: str
    state: str
    opens_on: date
    closes_on: date
    min_group_size: int
    invited: int
    answered: int
    instruments: list[str]


def _wave_out(wave: Wave) -> WaveOut:
    return WaveOut(
        id=wave.public_id,
        label=wave.label,
        kind=wave.kind,
        state=wave.state,
        opens_on=wave.opens_on,
        closes_on=wave.closes_on,
        min_group_size=wave.min_group_size,
        invited=wave.invited,
        answered=wave.answered,
        instruments=[part.instrument.key for part in wave.parts.all()],
    )


class FigureOut(Schema):
    group: str
    n: int
    shown: bool
    value: float | None = Field(None, description="Absent when the group is suppressed")
    favourable: float | None = None


class ItemResultOut(Schema):
    key: str
    text: str
    kind: str
    figures: list[FigureOut]


class InstrumentResultOut(Schema):
    key: str
    name: str
    privacy: str
    respondents: int
    scores: list[FigureOut]
    items: list[ItemResultOut]
    comments: dict[str, list[str]]
    comments_hidden_reason: str


class ResultsOut(Schema):
    wave: WaveOut
    min_group_size: int
    invited: int
    answered: int
    response_rate: float | None = Field(None, description="Only when at least 5 were invited")
    instruments: list[InstrumentResultOut]


def _figures(figures: list[selectors.Figure]) -> list[FigureOut]:
    return [
        FigureOut(group=f.group, n=f.n, shown=f.shown, value=f.value, favourable=f.favourable)
        for f in figures
    ]


class InvitationOut(Schema):
    id: UUID
    wave: str
    program: str
    closes_on: date
    open: bool
    answered: bool


class SectionOut(Schema):
    instrument: str
    name: str
    who_sees: str
    scale_min: int
    scale_max: int
    items: list[ItemOut]


class FormOut(Schema):
    invitation: InvitationOut
    min_group_size: int
    sections: list[SectionOut]
    draft: dict[str, dict[str, int | str]]


class AnswersIn(Schema):
    answers: dict[str, int | str] = Field(
        ..., description='Keyed "<instrument>.<item>", e.g. {"feedback.goal_progress": 4}'
    )


class GroupSizeIn(Schema):
    min_group_size: int


def _invitation_out(invitation: Invitation) -> InvitationOut:
    wave = invitation.wave
    return InvitationOut(
        id=invitation.public_id,
        wave=wave.label,
        program=wave.cohort.program.name,
        closes_on=wave.closes_on,
        open=wave.state == Wave.State.OPEN,
        answered=invitation.answered,
    )


@router.get("/instruments", response=list[InstrumentOut], summary="Loaded instruments")
@paginate(Paging)
def list_instruments(request: HttpRequest) -> list[InstrumentOut]:
    return [_instrument_out(i) for i in Instrument.objects.all()]


@router.post(
    "/instruments",
    response={201: InstrumentOut, 400: ErrorOut, 403: ErrorOut},
    summary="Load a licensed scale as a pack (site admins)",
)
def load_instrument_pack(
    request: HttpRequest, pack: File[UploadedFile]
) -> Status[InstrumentOut | ErrorOut]:
    if not get_viewer(request).is_site_admin:
        return refused(403, "Only a site administrator loads instrument packs.")
    try:
        instrument = load_pack(pack.read(), pack.name or "pack.toml")
    except ValidationError as error:
        return refused(400, error)
    return Status(201, _instrument_out(instrument))


@router.get("/cohorts/{cohort_id}/waves", response=list[WaveOut], summary="A cohort's waves")
@paginate(Paging)
def list_waves(request: HttpRequest, cohort_id: UUID) -> list[WaveOut]:
    cohort = get_cohort_for_user(get_viewer(request), cohort_id)
    return [_wave_out(w) for w in cohort.waves.prefetch_related("parts__instrument")]


@router.post(
    "/cohorts/{cohort_id}/plan",
    response={201: list[WaveOut]},
    summary="Create the cohort's survey plan (leads; a second call changes nothing)",
)
def create_plan(request: HttpRequest, cohort_id: UUID) -> Status[list[WaveOut]]:
    cohort = get_cohort_for_lead(get_viewer(request), cohort_id)
    return Status(201, [_wave_out(w) for w in services.create_plan(cohort)])


@router.patch(
    "/waves/{wave_id}",
    response={200: WaveOut, 400: ErrorOut},
    summary="Set the minimum group size before the wave opens (leads)",
)
def patch_wave(
    request: HttpRequest, wave_id: UUID, body: GroupSizeIn
) -> Status[WaveOut | ErrorOut]:
    wave = get_wave_for_lead(get_viewer(request), wave_id)
    try:
        wave = services.set_min_group_size(wave, body.min_group_size)
    except ValidationError as error:
        return refused(400, error)
    return Status(200, _wave_out(wave))


@router.post(
    "/waves/{wave_id}/open",
    response={200: WaveOut, 409: ErrorOut},
    summary="Open a wave now and invite its members (leads)",
)
def open_wave(request: HttpRequest, wave_id: UUID) -> Status[WaveOut | ErrorOut]:
    try:
        wave = services.open_wave(get_wave_for_lead(get_viewer(request), wave_id))
    except ValidationError as error:
        return refused(409, error)
    return Status(200, _wave_out(wave))


@router.post(
    "/waves/{wave_id}/close",
    response={200: WaveOut, 409: ErrorOut},
    summary="Close a wave now (leads)",
)
def close_wave(request: HttpRequest, wave_id: UUID) -> Status[WaveOut | ErrorOut]:
    try:
        wave = services.close_wave(get_wave_for_lead(get_viewer(request), wave_id))
    except ValidationError as error:
        return refused(409, error)
    return Status(200, _wave_out(wave))


@router.get(
    "/waves/{wave_id}/results",
    response=ResultsOut,
    summary="Aggregates under the privacy rules (program staff); never an individual answer",
)
def wave_results(request: HttpRequest, wave_id: UUID) -> ResultsOut:
    results = selectors.wave_results(get_wave_for_user(get_viewer(request), wave_id))
    return ResultsOut(
        wave=_wave_out(results.wave),
        min_group_size=results.k,
        invited=results.invited,
        answered=results.answered,
        response_rate=results.response_rate,
        instruments=[
            InstrumentResultOut(
                key=r.key,
                name=r.name,
                privacy=r.privacy,
                respondents=r.respondents,
                scores=_figures(r.scores),
                items=[
                    ItemResultOut(key=i.key, text=i.text, kind=i.kind, figures=_figures(i.figures))
                    for i in r.items
                ],
                comments=r.comments,
                comments_hidden_reason=r.comments_hidden_reason,
            )
            for r in results.instruments
        ],
    )


@router.get("/mine", response=list[InvitationOut], summary="Surveys I was invited to")
@paginate(Paging)
def my_surveys(request: HttpRequest) -> list[InvitationOut]:
    invitations = Invitation.objects.filter(participant__employee__account_id=request.user.pk)
    return [
        _invitation_out(i)
        for i in invitations.select_related("wave__cohort__program").order_by("-wave__opens_on")
    ]


@router.get("/invitations/{invitation_id}", response=FormOut, summary="My survey's questions")
def get_form(request: HttpRequest, invitation_id: UUID) -> FormOut:
    invitation = get_invitation_for_invitee(get_viewer(request), invitation_id)
    return FormOut(
        invitation=_invitation_out(invitation),
        min_group_size=invitation.wave.min_group_size,
        sections=[
            SectionOut(
                instrument=s.key,
                name=s.spec.name,
                who_sees=s.who_sees,
                scale_min=s.spec.scale_min,
                scale_max=s.spec.scale_max,
                items=_items_out(s.spec.items),
            )
            for s in sections(invitation)
        ],
        draft=invitation.draft,
    )


def _as_text(answers: dict[str, int | str]) -> dict[str, str]:
    return {key: str(value) for key, value in answers.items()}


@router.put(
    "/invitations/{invitation_id}/draft",
    response={200: MessageOut, 400: ErrorOut},
    summary="Save answers so far",
)
def put_draft(
    request: HttpRequest, invitation_id: UUID, body: AnswersIn
) -> Status[MessageOut | ErrorOut]:
    invitation = get_invitation_for_invitee(get_viewer(request), invitation_id)
    try:
        services.save_draft(invitation, _as_text(body.answers), timezone.localdate())
    except ValidationError as error:
        return refused(400, error)
    return Status(200, MessageOut(detail="Saved until you submit."))


@router.post(
    "/invitations/{invitation_id}/answers",
    response={201: MessageOut, 400: ErrorOut},
    summary="Submit my answers (once)",
)
def submit_answers(
    request: HttpRequest, invitation_id: UUID, body: AnswersIn
) -> Status[MessageOut | ErrorOut]:
    invitation = get_invitation_for_invitee(get_viewer(request), invitation_id)
    try:
        services.submit(invitation, _as_text(body.answers), timezone.localdate())
    except ValidationError as error:
        return refused(400, error)
    return Status(201, MessageOut(detail="Thank you. Your answers are in."))
