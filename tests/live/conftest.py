import pytest


@pytest.fixture(autouse=True)
def fresh_poll_versions(settings):
    """Polls read the session's version every time: the tests move it between two polls."""
    settings.LIVE_POLL_CACHE_SECONDS = 0
