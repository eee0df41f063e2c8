from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    """Show each reason a service refused, on the page the user is sent back to."""
    for text in error.messages:
        messages.error(request, text)
