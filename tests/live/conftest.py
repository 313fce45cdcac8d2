import pytest


@pytest.fixture(autouse=True)
def fresh_poll_versions(settings):
    """Polls read the session's version every time: the tests move it between two polls."""
    settings.LIVE_POLL_CACHE_SECONDS = 0


# The throwaway redis-server the cache tests start, shared by the event-stream tests.
from tests.history.test_page_cache import redis_url  # noqa: E402, F401
