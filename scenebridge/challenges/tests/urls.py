"""The platform's URLs plus the challenge pages and API, as config/urls.py will mount them."""

from django.urls import include, path

from config.urls import urlpatterns as platform
from scenebridge.challenges.tests.api_mount import api

urlpatterns = [
    path("challenges/", include("scenebridge.challenges.urls")),
    path("api/test-challenges/", api.urls),
    *platform,
]
