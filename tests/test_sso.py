"""OpenID Connect sign-in, end to end against a real provider (django-oauth-toolkit) started on
loopback in its own process: PKCE, state and nonce, a replayed callback, tokens for another
audience or issuer, and "same e-mail, different subject" never taking an account over."""

import json
import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation
from jwcrypto import jwk

from tests.clock import TEST_NOW, frozen_command
from tests.factories import EmployeeFactory
from upward.accounts.models import SsoIdentity
from upward.accounts.sso import SsoBackend
from upward.people.models import Employee

ROOT = Path(__file__).resolve().parent.parent
CLIENT = {"id": "upward-test", "secret": "s3cret-for-the-test-idp"}
PEOPLE = [
    {"username": "ada", "password": "pw-ada-1", "email": "ada@example.org", "first_name": "Ada"},
    # Another person at the provider who (by mistake or malice) has Ada's address.
    {"username": "mallory", "password": "pw-mal-1", "email": "ada@example.org"},
    {"username": "grace", "password": "pw-gra-1", "email": "grace@example.org"},
    {"username": "stranger", "password": "pw-str-1", "email": "nobody@example.org"},
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="session")
def idp(live_server, tmp_path_factory) -> Iterator[dict[str, Any]]:
    port = _free_port()
    key = _private_key_pem()
    env = {
        **os.environ,
        "IDP_DIR": str(tmp_path_factory.mktemp("idp")),
        "IDP_RSA_KEY": key,
        "IDP_PORT": str(port),
        "IDP_CLIENT": json.dumps({**CLIENT, "redirect_uri": f"{live_server.url}/sso/callback/"}),
        "IDP_PEOPLE": json.dumps(PEOPLE),
        "PYTHONPATH": str(ROOT),
        # The provider signs tokens on the suite's clock (its iat and exp are checked here).
        "UPWARD_FROZEN_AT": TEST_NOW.isoformat(),
    }
    started = time.monotonic()
    process = subprocess.Popen(frozen_command("-m", "tests.oidc_provider.serve"), env=env, cwd=ROOT)
    base = f"http://localhost:{port}"
    try:
        discovery = _wait_for(f"{base}/o/.well-known/openid-configuration")
        yield {"base": base, "key": key, "discovery": discovery, "started": started}
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(url: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            return requests.get(url, timeout=2).json()  # type: ignore[no-any-return]
        except (requests.ConnectionError, ValueError):
            time.sleep(0.2)
    raise RuntimeError("the test identity provider did not start")


@pytest.fixture
def sso(settings, idp: dict[str, Any], clock) -> dict[str, Any]:
    # The provider's clock has run since it started at TEST_NOW; this test's clock joins it.
    clock.move_to(TEST_NOW + timedelta(seconds=time.monotonic() - idp["started"]))
    discovery = idp["discovery"]
    settings.SSO_ENABLED = True
    settings.OIDC_ISSUER = discovery["issuer"]
    settings.OIDC_RP_CLIENT_ID = CLIENT["id"]
    settings.OIDC_RP_CLIENT_SECRET = CLIENT["secret"]
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = discovery["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = discovery["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
    settings.SSO_LINK_BY = "email"
    return idp


class Browser:
    """A person's browser: follows the code flow by hand so each step can be checked."""

    def __init__(self, app: str) -> None:
        self.app = app
        self.session = requests.Session()
        self.authorize_url = ""
        self.callback_url = ""

    def sign_in(self, username: str, password: str) -> requests.Response:
        start = self.session.get(f"{self.app}/sso/start/", allow_redirects=False)
        self.authorize_url = start.headers["Location"]
        to_login = self.session.get(self.authorize_url, allow_redirects=False)
        login_url = (
            urlparse(self.authorize_url)
            ._replace(
                path=urlparse(to_login.headers["Location"]).path,
                query=urlparse(to_login.headers["Location"]).query,
            )
            .geturl()
        )
        form = self.session.get(login_url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert token is not None
        next_url = parse_qs(urlparse(login_url).query)["next"][0]
        back = self.session.post(
            login_url,
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1),
                "next": next_url,
            },
            headers={"Referer": login_url},
            allow_redirects=False,
        )
        authorize_again = (
            urlparse(self.authorize_url)
            ._replace(
                path=urlparse(back.headers["Location"]).path,
                query=urlparse(back.headers["Location"]).query,
            )
            .geturl()
        )
        to_app = self.session.get(authorize_again, allow_redirects=False)
        self.callback_url = to_app.headers["Location"]
        return self.session.get(self.callback_url, allow_redirects=False)

    def me(self) -> requests.Response:
        return self.session.get(f"{self.app}/me/", allow_redirects=False)


@pytest.fixture
def ada(db) -> Employee:
    return EmployeeFactory(email="ada@example.org", first_name="Ada", last_name="Lovelace")


def test_code_flow_with_pkce_state_and_nonce_signs_the_right_person_in(
    live_server, sso: dict[str, Any], ada: Employee
) -> None:
    browser = Browser(live_server.url)
    callback = browser.sign_in("ada", "pw-ada-1")

    asked = parse_qs(urlparse(browser.authorize_url).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"][0]
    assert asked["state"][0] and asked["nonce"][0]
    assert callback.status_code == 302 and "sso=failed" not in callback.headers["Location"]
    me = browser.me()
    assert me.status_code == 200 and "Lovelace" in me.text
    identity = SsoIdentity.objects.get()
    assert identity.issuer == sso["discovery"]["issuer"]
    assert identity.user == Employee.objects.get(pk=ada.pk).account


def test_a_replayed_callback_signs_no_one_in(
    live_server, sso: dict[str, Any], ada: Employee
) -> None:
    browser = Browser(live_server.url)
    browser.sign_in("ada", "pw-ada-1")
    attacker = requests.Session()
    replay = attacker.get(browser.callback_url, allow_redirects=False)
    assert replay.status_code in {302, 400}
    assert attacker.get(f"{live_server.url}/me/", allow_redirects=False).status_code == 302
    again = browser.session.get(browser.callback_url, allow_redirects=False)  # state is spent
    assert again.status_code in {302, 400}


def test_same_email_different_subject_is_refused_not_merged(
    live_server, sso: dict[str, Any], ada: Employee
) -> None:
    Browser(live_server.url).sign_in("ada", "pw-ada-1")
    mallory = Browser(live_server.url)
    callback = mallory.sign_in("mallory", "pw-mal-1")
    assert "sso=failed" in callback.headers["Location"]
    assert mallory.me().status_code == 302
    assert SsoIdentity.objects.count() == 1


def test_an_email_changed_at_the_provider_keeps_the_same_account(
    live_server, sso: dict[str, Any]
) -> None:
    grace = EmployeeFactory(email="grace@example.org")
    Browser(live_server.url).sign_in("grace", "pw-gra-1")
    account = Employee.objects.get(pk=grace.pk).account
    requests.post(
        f"{sso['base']}/test/set-email",
        data=json.dumps({"username": "grace", "email": "grace.hopper@example.org"}),
        timeout=5,
    )
    browser = Browser(live_server.url)
    browser.sign_in("grace", "pw-gra-1")
    assert browser.me().status_code == 200
    assert SsoIdentity.objects.get().user == account


def test_a_person_upward_does_not_know_is_refused(live_server, sso: dict[str, Any]) -> None:
    browser = Browser(live_server.url)
    callback = browser.sign_in("stranger", "pw-str-1")
    assert "sso=failed" in callback.headers["Location"]
    assert not SsoIdentity.objects.exists()


def _token(key_pem: str, signed_with: str | None = None, **claims: Any) -> str:
    """An ID token naming the provider's key; signed with it unless `signed_with` says."""
    kid = jwk.JWK.from_pem(key_pem.encode()).thumbprint()
    now = int(time.time())
    body = {"sub": "1", "iat": now, "exp": now + 300, "nonce": "n-1", **claims}
    return jwt.encode(body, signed_with or key_pem, algorithm="RS256", headers={"kid": kid})


def test_tokens_for_another_audience_issuer_or_nonce_or_key_are_refused(
    sso: dict[str, Any], db
) -> None:
    issuer = sso["discovery"]["issuer"]
    good = {"iss": issuer, "aud": CLIENT["id"]}
    backend = SsoBackend()
    # The control: a well-formed token from the provider's own key verifies.
    assert backend.verify_token(_token(sso["key"], **good), nonce="n-1")["sub"] == "1"
    refused = [
        _token(sso["key"], **{**good, "aud": "another-client"}),
        _token(sso["key"], **{**good, "iss": "https://evil.example"}),
        _token(sso["key"], **{**good, "aud": [CLIENT["id"], "other"], "azp": "other"}),
        _token(sso["key"], **{**good, "nonce": "replayed"}),
        _token(sso["key"], **{**good, "exp": int(time.time()) - 60}),
        _token(sso["key"], signed_with=_private_key_pem(), **good),  # a forged signature
    ]
    for token in refused:
        with pytest.raises((SuspiciousOperation, jwt.PyJWTError)):
            backend.verify_token(token, nonce="n-1")


def test_sso_only_removes_the_password_form(client, settings, sso: dict[str, Any]) -> None:
    settings.SSO_ONLY = True
    settings.LOGIN_URL = "sso_start"
    assert client.get("/accounts/login/").status_code == 404
    assert client.post("/accounts/login/", {"username": "a", "password": "b"}).status_code == 404
    assert client.get("/me/")["Location"].startswith("/sso/start/")


def test_without_sso_configured_its_addresses_are_404(client, settings) -> None:
    settings.SSO_ENABLED = False
    assert client.get("/sso/start/").status_code == 404
    assert client.get("/sso/callback/?code=x&state=y").status_code == 404
    assert "organisation account" not in client.get("/accounts/login/").content.decode()
