"""The project's URLs plus this app's, until the lead mounts them in config/urls.py."""

from django.urls import include, path

from config.urls import urlpatterns as project

urlpatterns = [*project, path("reviews/", include("scenebridge.reviews.urls"))]
