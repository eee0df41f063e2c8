from django.urls import path

from upward.impact import views

app_name = "impact"
urlpatterns = [
    path("programs/<uuid:program_id>/impact/", views.impact, name="impact"),
    path("programs/<uuid:program_id>/impact/settings/", views.save_settings, name="settings"),
    path("programs/<uuid:program_id>/impact/business/", views.business_value, name="business"),
    path("programs/<uuid:program_id>/impact/refresh/", views.refresh, name="refresh"),
    path("programs/<uuid:program_id>/health/", views.health, name="health"),
    path("programs/<uuid:program_id>/topics/", views.topics, name="topics"),
    path("programs/<uuid:program_id>/report.pdf", views.report, name="report"),
    path("programs/<uuid:program_id>/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path(
        "programs/<uuid:program_id>/export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"
    ),
    path("assets/vega-bundle.js", views.vega_bundle, name="vega_bundle"),
]
