"""Pieces every API router shares: paging and the error body."""

from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Schema

from scenebridge.core.pagination import PageRequest, paginate

T = TypeVar("T")


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class PageOut(Schema, Generic[T]):
    count: int
    page: int
    size: int
    results: list[T]


def page_response(queryset: QuerySet[Any], page: int, size: int, render: Any) -> dict[str, Any]:
    result = paginate(queryset, PageRequest.from_params(page, size))
    return {
        "count": result.paginator.count,
        "page": result.number,
        "size": result.paginator.per_page,
        "results": [render(item) for item in result.object_list],
    }
