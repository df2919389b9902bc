"""Read-only vocabularies, and code → record resolution for API writes."""

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _
from ninja import Router, Schema

from scenebridge.core.errors import ValidationFailedError
from scenebridge.taxonomy import models

router = Router(tags=["taxonomy"])

VOCABULARIES: dict[str, type[Model]] = {
    "domains": models.Domain,
    "levels": models.Level,
    "kinds": models.Kind,
    "tags": models.TechnologyTag,
    "opening-modes": models.OpeningMode,
    "qualifications": models.Qualification,
}


class TermOut(Schema):
    code: str
    name_zh: str
    name_en: str


class RegionOut(Schema):
    code: str
    name_zh: str
    name_en: str
    level: str
    parent_id: str | None


@router.get("/regions", response=list[RegionOut])
def region_list(request: Any) -> Any:
    return models.Region.objects.all()


@router.get("/{vocabulary}", response=list[TermOut])
def term_list(request: Any, vocabulary: str) -> Any:
    model = VOCABULARIES.get(vocabulary)
    if model is None:
        raise ValidationFailedError(_("Unknown vocabulary."), fields={"vocabulary": [", ".join(VOCABULARIES)]})
    return model.objects.filter(active=True)  # type: ignore[attr-defined]


def resolve(field: str, model: type[Model], code: str | None) -> Any:
    if code is None:
        return None
    found = model.objects.filter(pk=code).first() if model is models.Region else model.objects.filter(code=code).first()  # type: ignore[attr-defined]
    if found is None:
        raise ValidationFailedError(fields={field: [_("Unknown code: %(code)s") % {"code": code}]})
    return found


def resolve_many(field: str, model: type[Model], codes: list[str] | None) -> list[Any] | None:
    if codes is None:
        return None
    return [resolve(field, model, code) for code in codes]
