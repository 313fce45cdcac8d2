"""Root URLs: the admin, the language switch and each app's pages under a language prefix."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from core.logins import login_guard
from history import views as history_views

urlpatterns = [
    # The admin's sign-in, throttled like the site's; the rest of the admin as it comes.
    path("admin/login/", login_guard(admin.site.login)),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", history_views.set_language, name="set_language"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's, a PDF's).
    path("favicon.ico", history_views.favicon),
]

urlpatterns += i18n_patterns(
    path("", include("history.urls")),
    path("", include("quizzes.urls")),
    path("", include("classrooms.urls")),
    path("", include("live.urls")),
    path("accounts/", include("accounts.urls")),
)
