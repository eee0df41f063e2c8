import json

from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

LOGIN_TEMPLATE = engines["django"].from_string(
    '<form method="post">{% csrf_token %}{{ form.as_p }}'
    '<input type="hidden" name="next" value="{{ next }}"><button>Sign in</button></form>'
)


class PlainLogin(LoginView):
    def get_template_names(self) -> list[str]:
        return []

    def render_to_response(self, context, **kwargs):  # type: ignore[no-untyped-def]
        return HttpResponse(LOGIN_TEMPLATE.render(context, self.request))


@csrf_exempt
def set_email(request: HttpRequest) -> HttpResponse:
    """Test-only: the people team changes someone's e-mail at the identity provider."""
    body = json.loads(request.body)
    get_user_model().objects.filter(username=body["username"]).update(email=body["email"])
    return HttpResponse("ok")


urlpatterns = [
    path("login/", PlainLogin.as_view(), name="login"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("test/set-email", set_email),
]
