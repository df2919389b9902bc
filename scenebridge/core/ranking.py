"""Ordering a queryset by an externally computed ranking (search results), in the database."""

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

MAX_RANKED = 1000


def order_by_ranking(queryset: QuerySet[Any], ids: list[int]) -> QuerySet[Any]:
    ids = ids[:MAX_RANKED]
    if not ids:
        return queryset.none()
    position = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], output_field=IntegerField())
    return queryset.filter(pk__in=ids).annotate(search_position=position).order_by("search_position")
