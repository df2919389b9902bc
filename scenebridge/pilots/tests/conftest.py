from typing import Any

import pytest


@pytest.fixture(autouse=True)
def pilot_urls(settings: Any) -> None:
    """The site plus this app's pages and a test mount of its API router (scenebridge.pilots.tests.urls)."""
    settings.ROOT_URLCONF = "scenebridge.pilots.tests.urls"
