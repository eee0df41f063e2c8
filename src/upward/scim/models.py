"""What an identity provider provisions over SCIM, beside the people model it maps onto.

A SCIM User is an Employee (the HR record every feature reads) with a login account; the
attributes only the provider cares about (its own id, userName, the full e-mail list, its
language and time zone strings) are kept here verbatim so they read back exactly as written.
"""

import uuid

from django.db import models

from upward.people.models import Employee


class ScimUser(models.Model):
    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="scim")
    user_name = models.CharField(max_length=150, unique=True)
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    # Whether the provider manages the employee number (else the HRIS id is not its business).
    manages_employee_number = models.BooleanField(default=False)
    emails = models.JSONField(default=list, blank=True)
    preferred_language = models.CharField(max_length=64, blank=True)
    timezone = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.user_name


class ScimGroup(models.Model):
    """A group the provider pushes (a team, a distribution list): kept with its members."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(max_length=255, unique=True)
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    members = models.ManyToManyField(Employee, blank=True, related_name="scim_groups")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.display_name
