from django.contrib import admin
from django.urls import include, path

from upward.api import api
from upward.web import setup_views
from upward.web import views as web_views

admin.site.site_header = "Upward administration"
admin.site.site_title = "Upward admin"

handler400 = "upward.web.views.bad_request"
handler500 = "upward.web.views.server_error"

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path("", include("upward.accounts.urls")),
    path("", include("upward.programs.urls")),
    path("", include("upward.matching.urls")),
    path("", include("upward.governance.urls")),
    path("", include("upward.recruitment.urls")),
    path("", include("upward.workspace.urls")),
    path("", include("upward.surveys.urls")),
    path("", include("upward.flags.urls")),
    path("", include("upward.impact.urls")),
    path("", include("upward.integrations.urls")),
    path("", include("upward.webhooks.urls")),
    path("", include("upward.audit.urls")),
    path("", include("upward.privacy.urls")),
    path("", include("upward.notifications.urls")),
    path("", include("upward.alumni.urls")),
    path("", include("upward.circles.urls")),
    path("", include("upward.talent.urls")),
    path("setup/", include(setup_views)),
    path("people/", include("upward.people.urls")),
    path("competencies/", include("upward.competencies.urls")),
    path("api/v1/", api.urls),
    path("scim/v2/", include("upward.scim.urls")),
    path("admin/", admin.site.urls),
]
