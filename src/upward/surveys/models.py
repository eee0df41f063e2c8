"""Instruments, waves, invitations and responses.

Two kinds of answers, by the instrument's privacy:
- anonymous: a Response with no participant, no pair and no time; only the wave and the
  respondent's side (mentor or mentee) for aggregates. Whether someone answered lives on their
  Invitation, apart from what they said.
- confidential: a Response linked to the member so that change over time and pair flags can be
  computed. No screen or API shows one person's answers to anyone, admins included.
Neither is registered in the admin.
"""

import uuid
from functools import cached_property

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from upward.core.fields import EncryptedJSONField
from upward.domain.surveys import instruments as spec
from upward.domain.surveys.privacy import K_MAX, K_MIN
from upward.programs.models import Cohort, Pair, Participant


def default_min_group_size() -> int:
    return int(settings.SURVEY_MIN_GROUP_SIZE)


class Instrument(models.Model):
    class Source(models.TextChoices):
        BUILT_IN = "built_in", "Ships with Upward"
        PACK = "pack", "Loaded by the organisation"

    key = models.SlugField(max_length=60)
    version = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=10, choices=Source.choices)
    # The definition as loaded: re-parsed by the domain for every scoring, so results are
    # reproducible from the stored version alone.
    definition = models.JSONField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="one_instrument_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @cached_property
    def spec(self) -> spec.Instrument:
        return spec.parse_instrument(self.definition, source=f"{self.key} v{self.version}")


class Wave(models.Model):
    class Kind(models.TextChoices):
        BASELINE = "baseline", "Baseline"
        PULSE = "pulse", "Pulse"
        QUARTERLY = "quarterly", "Quarterly checkpoint"
        CLOSE = "close", "Close"
        AD_HOC = "ad_hoc", "Ad hoc"

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="waves")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    label = models.CharField(max_length=120)
    instruments = models.ManyToManyField(Instrument, through="WaveInstrument", related_name="+")
    opens_on = models.DateField()
    closes_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    # The reporting minimum (k). Frozen once the wave opens, printed on the survey's intro.
    min_group_size = models.PositiveSmallIntegerField(
        default=default_min_group_size,
        validators=[MinValueValidator(K_MIN), MaxValueValidator(K_MAX)],
    )
    invited = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["opens_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=K_MIN, min_group_size__lte=K_MAX),
                name="wave_k_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gt=models.F("opens_on")), name="wave_closes_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.cohort})"


class WaveInstrument(models.Model):
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="parts")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "instrument"], name="instrument_once_per_wave")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} in {self.wave}"


class Invitation(models.Model):
    """That a member was asked, whether they answered, and their unsent draft; never answers."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    pair = models.ForeignKey(
        Pair, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered = models.BooleanField(default=False)
    # The day they submitted, shown back to them; a day, not a time, and never beside answers.
    answered_on = models.DateField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # Partial answers until submitted, then emptied: the only place answers sit beside a name.
    draft = EncryptedJSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "participant"], name="one_invitation_per_wave")
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.wave.label}"


class Response(models.Model):
    """One set of answers to one instrument in one wave. A random key, no timestamps."""

    class Side(models.TextChoices):
        MENTOR = "mentor", "Mentors"
        MENTEE = "mentee", "Mentees"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=8, choices=Side.choices)
    answers = EncryptedJSONField()
    score = models.FloatField(null=True, blank=True)
    # Set for confidential instruments only; anonymous responses keep both empty.
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    pair = models.ForeignKey(
        Pair, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "instrument", "participant"],
                condition=models.Q(participant__isnull=False),
                name="one_confidential_response",
            )
        ]

    def __str__(self) -> str:
        return "Response"


class ReleasedFigure(models.Model):
    """A confidential aggregate as released, on any page, export or API read: which measure,
    over which set of answers, first where and when. The release rules
    (domain/surveys/release.py) read these before any figure of the same measure goes out, so
    no two released figures can be subtracted to isolate fewer than 5 people.

    Members are keyed digests of the answers' random ids (never a value, a name or an id that
    joins to one); the population is the cohort.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    measure = models.CharField(max_length=160)  # e.g. "engagement:score"
    members = models.JSONField(default=list)
    size = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)  # of the sorted members: one row per set
    where = models.CharField(max_length=60)  # the view that first released it
    released_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "measure", "digest"], name="one_release_per_set"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} over {self.size}"
