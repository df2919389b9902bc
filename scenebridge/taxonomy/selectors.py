"""Vocabularies for forms, facets and the API."""

from django.db.models import QuerySet

from scenebridge.taxonomy.models import Domain, Kind, Level, OpeningMode, Qualification, Region, TechnologyTag


def domains() -> QuerySet[Domain]:
    return Domain.objects.filter(active=True).select_related("aspect")


def levels() -> QuerySet[Level]:
    return Level.objects.filter(active=True)


def kinds() -> QuerySet[Kind]:
    return Kind.objects.filter(active=True)


def tags() -> QuerySet[TechnologyTag]:
    return TechnologyTag.objects.filter(active=True)


def opening_modes() -> QuerySet[OpeningMode]:
    return OpeningMode.objects.filter(active=True)


def qualifications() -> QuerySet[Qualification]:
    return Qualification.objects.filter(active=True)


def provinces() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.RegionLevel.PROVINCE)


def regions() -> QuerySet[Region]:
    return Region.objects.select_related("parent")
