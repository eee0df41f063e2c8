from django.urls import URLPattern

app_name = "circles"
urlpatterns: list[URLPattern] = []
