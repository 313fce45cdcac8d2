"""The project's URLs plus the bare endpoint."""

from django.urls import path

from baltic_quiz.urls import urlpatterns as project_urlpatterns
from bench import views

urlpatterns = [
    *project_urlpatterns,
    path("bench/bare/", views.bare, name="bench-bare"),
]
