"""Choosing a password from an emailed link, and asking for a new link ("forgot password")."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from upward.accounts.access import require_passwords_allowed
from upward.accounts.access_links import send_password_link
from upward.accounts.models import User
from upward.audit import log as audit

NEXT_KEY = "_upward_password_next"


class SetPasswordView(PasswordResetConfirmView):
    """The page an emailed link opens: choose a password, and you are signed in and taken on to
    where the email was leading (an invitation, a charter to sign). A lead or an administrator
    is then asked to set up their second factor, as after any password sign-in."""

    template_name = "accounts/set_password.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    next_target = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        require_passwords_allowed()
        # Django moves the token out of the URL with a redirect that drops the query string;
        # where the email was leading is kept in the session until the password is set.
        if "next" in request.GET:
            request.session[NEXT_KEY] = request.GET["next"]
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        target = self.next_target
        allowed = url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=False
        )
        return target if allowed and target.startswith("/") else reverse("home")

    def form_valid(self, form: Any) -> HttpResponse:
        self.next_target = str(self.request.session.pop(NEXT_KEY, ""))
        response = super().form_valid(form)
        audit.record(audit.Action.PASSWORD_SET, request=self.request, target=form.user)
        messages.success(self.request, "Your password is set, and you are signed in.")
        return response


class ForgotPasswordForm(forms.Form):
    email = forms.EmailField(label="Your work email", max_length=254)


NEUTRAL_ANSWER = (
    "If an Upward account uses that address, a link to choose a new password is on its way. "
    "It works once, for 7 days. Nothing arrived? Check the spam folder, or ask your program lead."
)


@require_http_methods(["GET", "POST"])
def forgot_password(request: HttpRequest) -> HttpResponse:
    """The same answer whether or not the address has an account, so the page tells a stranger
    nothing about who works here; one email per account per quarter hour at most."""
    require_passwords_allowed()
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for user in User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True):
            send_password_link(user, reason="forgot")
        messages.info(request, NEUTRAL_ANSWER)
        return redirect("login")
    status = 400 if form.errors else 200
    return render(request, "accounts/forgot_password.html", {"form": form}, status=status)
