"""The site's URLs plus matching's, until config/urls.py mounts them."""

from django.urls import include, path

from config.urls import urlpatterns as site

urlpatterns = [*site, path("matching/", include("scenebridge.matching.urls"))]
