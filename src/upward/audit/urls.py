from django.urls import path

from upward.audit import views

app_name = "audit"
urlpatterns = [path("settings/audit/", views.audit_log, name="log")]
