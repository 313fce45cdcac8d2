"""Everything an attacker can repeat is limited; past a limit a client gets a 429 that says
when to try again, in its language, and nothing is stored or sent."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from classrooms.models import Membership
from core import ratelimit
from core.clients import client_address
from quizzes.models import Attempt, Learner
from tests.classrooms.factories import ClassroomFactory
from tests.quizzes.factories import UserFactory, picked_quiz_set

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def allowed(name: str) -> int:
    return ratelimit.limit(name).count


def assert_refused(response, language: str = "en") -> None:
    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert 0 < seconds <= max(ratelimit.limit(name).seconds for name in ratelimit.DEFAULTS)
    minutes = -(-seconds // 60)
    expected = {
        "en": f"Try again in {minutes} minute",
        "lv": f"Mēģiniet vēlreiz pēc {minutes} minūt",
    }
    assert expected[language] in response.text


def login(client, url: str, username: str, password: str, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


@pytest.mark.parametrize("url", ["/en/accounts/login/", "/admin/login/"])
def test_wrong_passwords_lock_the_account_even_against_the_right_one(url):
    user = UserFactory(is_staff=True, is_superuser=True)
    tries = allowed("login_account")
    client = Client()

    wrong = [login(client, url, user.username, "wrong").status_code for _ in range(tries)]
    refused = login(client, url, user.username, PASSWORD)

    assert wrong == [200] * tries
    assert_refused(refused)
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_account_and_a_right_password_clears_it_before_the_limit():
    locked, other = UserFactory(), UserFactory()
    client = Client()
    for _ in range(allowed("login_account")):
        login(client, "/en/accounts/login/", locked.username, "wrong")
    # Another account from the same address is not locked (the address has room left).
    assert login(client, "/en/accounts/login/", other.username, PASSWORD).status_code == 302

    fresh = UserFactory()
    for _ in range(allowed("login_account") - 1):
        login(Client(), "/en/accounts/login/", fresh.username, "wrong")
    assert login(Client(), "/en/accounts/login/", fresh.username, PASSWORD).status_code == 302
    # The success cleared the count: the same number of mistakes is allowed again.
    for _ in range(allowed("login_account") - 1):
        login(Client(), "/en/accounts/login/", fresh.username, "wrong")
    assert login(Client(), "/en/accounts/login/", fresh.username, PASSWORD).status_code == 302


def test_one_address_guessing_many_accounts_is_locked(settings):
    settings.RATE_LIMITS = {"login_address": (6, 900)}
    users = UserFactory.create_batch(7)
    client = Client()

    for user in users[:6]:
        assert login(client, "/en/accounts/login/", user.username, "wrong").status_code == 200
    assert_refused(login(client, "/lv/accounts/login/", users[6].username, PASSWORD), "lv")
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert login(other, "/en/accounts/login/", users[6].username, PASSWORD).status_code == 302


def test_password_reset_mails_are_limited_per_address_asked_for():
    UserFactory(email="anna@example.org")
    per_email = allowed("password_reset_email")

    statuses = [
        Client(REMOTE_ADDR=f"198.51.100.{i}")
        .post("/en/accounts/password/reset/", {"email": "Anna@example.org"})
        .status_code
        for i in range(per_email + 1)
    ]

    assert statuses == [302] * per_email + [429]
    assert len(mail.outbox) == per_email


def test_password_reset_requests_are_limited_per_client():
    client = Client()
    per_client = allowed("password_reset_address")

    statuses = [
        client.post("/en/accounts/password/reset/", {"email": f"n{i}@example.org"}).status_code
        for i in range(per_client + 1)
    ]

    assert statuses == [302] * per_client + [429]


def test_join_code_guesses_are_limited_per_user_and_per_client():
    classroom = ClassroomFactory()
    student = UserFactory()
    client = Client()
    client.force_login(student)
    per_user = allowed("join_user")

    guesses = [
        client.post(reverse("classrooms:join"), {"code": "WRONGCDE"}).status_code
        for _ in range(per_user)
    ]
    refused = client.post(reverse("classrooms:join"), {"code": classroom.join_code})

    assert guesses == [400] * per_user
    assert_refused(refused)
    assert not Membership.objects.filter(student=student).exists()


def test_join_code_guesses_from_one_address_over_many_accounts_are_limited(settings):
    settings.RATE_LIMITS = {"join_address": (4, 600)}
    statuses = []
    for _ in range(5):
        client = Client()
        client.force_login(UserFactory())
        statuses.append(client.post(reverse("classrooms:join"), {"code": "WRONGCDE"}).status_code)

    assert statuses == [400] * 4 + [429]


@pytest.mark.parametrize("kind", ["quiz", "practice"])
def test_anonymous_starts_are_limited_per_address_and_store_nothing_past_it(settings, kind):
    settings.RATE_LIMITS = {"anonymous_start": (5, 3600)}
    quiz_set = picked_quiz_set(questions=2)
    url = (
        reverse("quizzes:start", args=[quiz_set.slug])
        if kind == "quiz"
        else reverse("quizzes:practice_start")
    )

    statuses = [Client().post(url).status_code for _ in range(5)]
    learners, attempts = Learner.objects.count(), Attempt.objects.count()
    refused = Client().post(url)

    assert statuses == [302] * 5
    assert_refused(refused)
    assert (Learner.objects.count(), Attempt.objects.count()) == (learners, attempts) == (5, 5)


def test_signed_in_starts_are_not_counted_as_anonymous(settings):
    settings.RATE_LIMITS = {"anonymous_start": (1, 3600)}
    url = reverse("quizzes:start", args=[picked_quiz_set(questions=2).slug])
    client = Client()
    client.force_login(UserFactory())

    statuses = [client.post(url).status_code for _ in range(3)]

    assert statuses == [302, 302, 302]


def test_sign_ups_are_limited_per_address(settings):
    settings.RATE_LIMITS = {"signup_address": (2, 3600)}

    statuses = [
        Client()
        .post(
            "/en/accounts/signup/",
            {
                "username": f"new{i}",
                "email": f"new{i}@example.org",
                "password1": "a long enough passphrase",
                "password2": "a long enough passphrase",
            },
        )
        .status_code
        for i in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert get_user_model().objects.filter(username__startswith="new").count() == 2


def test_the_client_address_comes_from_the_trusted_proxies_only(settings, rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")

    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    # The entry the client wrote itself (1.1.1.1) is never believed.
    assert client_address(request) == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_address(request) == "10.0.0.1"
    ipv6 = rf.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(ipv6) == "2001:db8:1:2::/64"


def test_live_lesson_code_guesses_are_limited_per_address(settings):
    settings.RATE_LIMITS = {"live_join_address": (3, 600)}

    statuses = [
        Client()
        .post(reverse("live:join"), {"code": "NOSUCH", "display_name": f"Anna {i}"})
        .status_code
        for i in range(4)
    ]

    assert statuses == [400, 400, 400, 429]
