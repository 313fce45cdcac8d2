from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("", views.home, name="home"),
    path("quizzes/", views.quiz_list, name="list"),
    path("quizzes/<slug:slug>/start/", views.attempt_start, name="start"),
    path("attempts/<uuid:public_id>/", views.attempt_detail, name="attempt"),
    path("attempts/<uuid:public_id>/<int:number>/", views.attempt_question, name="question"),
    path("attempts/<uuid:public_id>/<int:number>/answer/", views.attempt_answer, name="answer"),
    path(
        "attempts/<uuid:public_id>/<int:number>/sources/",
        views.attempt_sources,
        name="sources",
    ),
    path("attempts/<uuid:public_id>/finish/", views.attempt_finish, name="finish"),
    path("attempts/<uuid:public_id>/result/", views.attempt_result, name="result"),
    path(
        "attempts/<uuid:public_id>/practise-mistakes/",
        views.practice_mistakes,
        name="practice_mistakes",
    ),
    path("practice/", views.practice, name="practice"),
    path("practice/start/", views.practice_start, name="practice_start"),
    path("progress/", views.progress, name="progress"),
]
