"""Run the test identity provider: migrate, create the client and people, serve on a port.

Environment: IDP_DIR, IDP_RSA_KEY, IDP_PORT, IDP_CLIENT (JSON: id, secret, redirect_uri) and
IDP_PEOPLE (JSON list: username, password, email, first_name, last_name)."""

import json
import os
import sys


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    client = json.loads(os.environ["IDP_CLIENT"])
    Application.objects.create(
        name="Upward",
        client_id=client["id"],
        client_secret=client["secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=client["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for person in json.loads(os.environ["IDP_PEOPLE"]):
        get_user_model().objects.create_user(**person)
    print("ready", flush=True)
    run(
        "127.0.0.1",
        int(os.environ["IDP_PORT"]),
        get_wsgi_application(),
        threading=True,
        server_cls=WSGIServer,
    )


if __name__ == "__main__":
    sys.exit(main())
