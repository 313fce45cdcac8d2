import pytest


@pytest.fixture(autouse=True)
def fresh_poll_versions(settings):
    """Polls read the session's version every time: the tests move it between two polls."""
    settings.LIVE_POLL_CACHE_SECONDS = 0


# The throwaway redis-server the cache tests start, shared by the event-stream tests.
from tests.history.test_page_cache import redis_url  # noqa: E402, F401


@pytest.fixture
def pushed(settings, redis_url):  # noqa: F811 (the fixture above)
    """Events on: the services publish on the throwaway Redis."""
    settings.REDIS_URL = redis_url
    return redis_url


def heard(pubsub) -> list[str]:
    """Every message the subscription has received by now."""
    messages = []
    while message := pubsub.get_message(timeout=0.5):
        messages.append(message["data"].decode())
    return messages
