from typing import Any

import pytest


@pytest.fixture(autouse=True)
def challenge_pages(settings: Any) -> None:
    """The challenge pages mounted beside the platform's (config/urls.py mounts them at /challenges/)."""
    settings.ROOT_URLCONF = "scenebridge.challenges.tests.urls"
