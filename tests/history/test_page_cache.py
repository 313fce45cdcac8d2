"""The read-only pages come from the cache and change as soon as the facts do.

Run against the local cache and against a real Redis server (Django's RedisCache), which
each test session starts on a free port of its own.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from history.models import Event, Participation

ROOT = Path(__file__).resolve().parents[2]
HISTORY_FIXTURES = [ROOT / "fixtures" / "articles.yaml", ROOT / "fixtures" / "history.yaml"]
TREATY = "baltic-entente-treaty"


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def main_part(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """Start a throwaway redis-server (Debian's package) and return its URL."""
    server = shutil.which("redis-server")
    assert server, "redis-server is needed for these tests: apt-get install redis-server"
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", workdir],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(params=["local", "redis"])
def page_cache(request, settings):
    """Serve the pages through the local cache, or through Redis."""
    if request.param == "redis":
        location = request.getfixturevalue("redis_url")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": location,
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield request.param
    cache.clear()


@pytest.mark.usefixtures("shipped_history", "page_cache")
@pytest.mark.parametrize("view", ["timeline", "map", "event", "article"])
def test_a_read_only_page_is_served_again_without_a_query(client, view, django_assert_num_queries):
    kwargs = {"event": {"slug": TREATY}, "article": {"slug": "baltic-entente"}}.get(view, {})
    first = client.get(url(f"history:{view}", **kwargs))

    with django_assert_num_queries(0):
        again = client.get(url(f"history:{view}", **kwargs))

    assert first.status_code == again.status_code == 200
    # The same main part; the frame around it (the CSRF token in it) is the request's own.
    assert main_part(again.text) == main_part(first.text)


@pytest.mark.usefixtures("shipped_history", "page_cache")
@pytest.mark.parametrize("language", ["en", "lv"])
def test_renaming_an_event_shows_at_once_on_the_cached_pages(client, language):
    event = Event.objects.get(slug=TREATY)
    old = getattr(event, f"title_{language}")
    pages = [url("history:timeline", language), url("history:event", language, slug=TREATY)]
    assert all(old in client.get(page).text for page in pages)

    setattr(event, f"title_{language}", f"{old} (renamed)")
    event.save()

    for page in pages:
        assert f"{old} (renamed)" in client.get(page).text


@pytest.mark.usefixtures("shipped_history", "page_cache")
def test_each_language_has_its_own_cached_page(client):
    event = Event.objects.get(slug=TREATY)

    english = client.get(url("history:event", "en", slug=TREATY)).text
    latvian = client.get(url("history:event", "lv", slug=TREATY)).text

    assert f"<h1>{event.title_en}</h1>" in english
    assert f"<h1>{event.title_lv}</h1>" in latvian
    assert event.title_lv not in english


@pytest.mark.usefixtures("shipped_history", "page_cache")
def test_deleting_an_event_takes_it_off_the_cached_timeline(client):
    event = Event.objects.filter(place__isnull=False).order_by("start_date").last()
    address = url("history:event", slug=event.slug)
    assert address in client.get(url("history:timeline")).text
    assert address in client.get(url("history:map")).text
    assert client.get(address).status_code == 200

    event.delete()

    assert address not in client.get(url("history:timeline")).text
    assert address not in client.get(url("history:map")).text
    assert client.get(address).status_code == 404


@pytest.mark.usefixtures("shipped_history", "page_cache")
def test_a_country_joining_an_event_shows_on_the_filtered_timeline(client):
    event = Event.objects.exclude(participations__country__code="su").first()
    soviet = Participation.objects.filter(country__code="su").first().country
    filtered = url("history:timeline") + "?country=su"
    address = url("history:event", slug=event.slug)
    assert address not in client.get(filtered).text

    Participation.objects.create(event=event, country=soviet)

    assert address in client.get(filtered).text


@pytest.mark.usefixtures("shipped_history", "page_cache")
def test_loading_the_fixtures_again_replaces_a_stale_page(client):
    event = Event.objects.get(slug=TREATY)
    client.get(url("history:event", slug=TREATY))
    # A change that bypasses the models' signals leaves the cached page as it was …
    Event.objects.filter(pk=event.pk).update(title_en="Changed behind the cache's back")
    assert "Changed behind" not in client.get(url("history:event", slug=TREATY)).text

    # … until the facts are loaded again, as `make db` does after editing the YAML.
    call_command("loaddata", *HISTORY_FIXTURES, verbosity=0)

    page = client.get(url("history:event", slug=TREATY)).text
    assert f"<h1>{event.title_en}</h1>" in page


@pytest.mark.usefixtures("shipped_history")
def test_a_change_saved_by_another_server_invalidates_through_redis(client, settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        }
    }
    cache.clear()
    event = Event.objects.get(slug=TREATY)
    client.get(url("history:event", slug=TREATY))
    Event.objects.filter(pk=event.pk).update(title_en="Renamed on another server")

    # Another process, sharing only Redis, records that the facts changed.
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "baltic_quiz.settings"}
    code = "from baltic_quiz.content_cache import content_changed; content_changed()"
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr

    page = client.get(url("history:event", slug=TREATY)).text
    assert "<h1>Renamed on another server</h1>" in page
    cache.clear()
