from django.db import transaction

from upward.people.models import DiversityProfile, Employee


@transaction.atomic
def diversity_profile_save(*, employee: Employee, answers: dict[str, str]) -> DiversityProfile:
    """Store what a person chose to declare about themself (every answer is optional)."""
    profile, _ = DiversityProfile.objects.get_or_create(employee=employee)
    for name, value in answers.items():
        setattr(profile, name, value)
    profile.save(update_fields=[*answers, "declared_at"])
    return profile
