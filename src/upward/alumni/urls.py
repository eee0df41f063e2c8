from django.urls import URLPattern

app_name = "alumni"
urlpatterns: list[URLPattern] = []
