"""The project's URLs plus the bare endpoints."""

from django.urls import path

from baltic_quiz.urls import urlpatterns as project_urlpatterns
from bench import views

urlpatterns = [
    *project_urlpatterns,
    path("bench/bare/", views.bare, name="bench-bare"),
    path("bench/bare/question/", views.bare_question, name="bench-bare-question"),
    path("bench/bare/answer/", views.bare_answer, name="bench-bare-answer"),
]
