"""One way to page through lists, for pages and API alike."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet


@dataclass(frozen=True)
class PageRequest:
    number: int = 1
    size: int = 20

    @classmethod
    def from_params(cls, page: Any, size: Any = None) -> "PageRequest":
        try:
            number = max(1, int(page or 1))
        except (TypeError, ValueError):
            number = 1
        try:
            per_page = int(size or 20)
        except (TypeError, ValueError):
            per_page = 20
        return cls(number=number, size=min(max(per_page, 1), settings.PAGE_SIZE_MAX))


def paginate(queryset: QuerySet[Any] | list[Any], request: PageRequest) -> Page[Any]:
    paginator = Paginator(queryset, request.size)
    try:
        return paginator.page(request.number)
    except (EmptyPage, PageNotAnInteger):
        return paginator.page(paginator.num_pages)
