import uuid

from django.db import models
from django.db.models import Q

from upward.domain.smart_goal import Direction
from upward.programs.models import Pair, Participant


class RulesAcceptance(models.Model):
    """One member's agreement to one version of the pair's ground rules."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="rule_acceptances")
    member = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    version = models.CharField(max_length=20)
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "member", "version"], name="accept_rules_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} accepted rules {self.version}"


class Goal(models.Model):
    """The pair's one SMART goal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="goal")
    text = models.CharField(max_length=300)
    metric = models.CharField(max_length=120)
    unit = models.CharField(max_length=40)
    direction = models.CharField(
        max_length=4, choices=[(Direction.UP.value, "Increase"), (Direction.DOWN.value, "Reduce")]
    )
    baseline = models.FloatField()
    target = models.FloatField()
    deadline = models.DateField()
    owner = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=models.F("baseline")), name="goal_target_differs"
            )
        ]

    def __str__(self) -> str:
        return self.text


class GoalUpdate(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    value = models.FloatField()
    noted_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["goal", "noted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.value} on {self.noted_on}"
