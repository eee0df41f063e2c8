"""Invitation emails: a first name and a link, nothing confidential."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from upward.programs.models import Participant


def invitation_email(participant: Participant, *, reminder: bool = False) -> EmailMultiAlternatives:
    link = settings.SITE_URL.rstrip("/") + reverse(
        "recruitment:invitation", args=[participant.public_id]
    )
    context = {
        "participant": participant,
        "link": link,
        "first_name": participant.employee.preferred_name or participant.employee.first_name,
    }
    message = EmailMultiAlternatives(
        subject=(
            f"Reminder: {context['first_name']}, your invitation is waiting"
            if reminder
            else f"{context['first_name']}, you're invited to a reverse mentoring program"
        ),
        body=render_to_string("recruitment/invitation_email.txt", context),
        to=[participant.employee.email],
    )
    message.attach_alternative(
        render_to_string("recruitment/invitation_email.html", context), "text/html"
    )
    return message
