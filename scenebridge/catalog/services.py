"""Every write to offers and resources: create, edit, submit, review, withdraw, close, attach files."""

from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from scenebridge.catalog import permissions
from scenebridge.catalog.models import Offer, Resource
from scenebridge.core import lifecycle, search
from scenebridge.core.attachments import attachment_add, attachment_remove
from scenebridge.core.errors import PermissionDeniedError
from scenebridge.core.models import Attachment
from scenebridge.core.workflow import PUBLIC_STATES

OFFER_M2M = ("domains", "tags", "deployable_regions")
RESOURCE_M2M = ("domains", "tags")


def _split(data: dict[str, Any], m2m_names: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Iterable[Any]]]:
    fields = {k: v for k, v in data.items() if k not in m2m_names and k not in ("provider", "provider_id")}
    return fields, {k: v for k, v in data.items() if k in m2m_names}


def _public_text(record: Offer | Resource, head: list[str], optional: tuple[str, ...]) -> str | None:
    if record.status not in PUBLIC_STATES:
        return None
    hidden = record.hidden_fields()
    parts = [record.name, record.name, record.summary, record.description, record.provider.name, *head]
    parts += [d.name_zh for d in record.domains.all()] + [t.name_zh for t in record.tags.all()]
    parts += [getattr(record, name) for name in optional if name not in hidden]
    return "\n".join(p for p in parts if p)


def offer_search_text(offer: Offer) -> str | None:
    """The public text a keyword search may match (None: not findable)."""
    return _public_text(offer, [offer.capabilities, offer.certifications], ("prior_cases",))


def resource_search_text(resource: Resource) -> str | None:
    return _public_text(
        resource,
        [resource.capacity, resource.region.name_zh, resource.get_type_display()],
        ("terms", "access_conditions"),
    )


def _reindex_offer(offer: Offer) -> None:
    search.index_object("offer", offer.pk, offer_search_text(offer))


def _reindex_resource(resource: Resource) -> None:
    search.index_object("resource", resource.pk, resource_search_text(resource))


def offer_create(*, actor: Any, data: dict[str, Any]) -> Offer:
    if not permissions.can_create_offer(actor):
        raise PermissionDeniedError()
    fields, m2m = _split(data, OFFER_M2M)
    offer = Offer(provider_id=actor.organization_id, **fields)
    return lifecycle.record_create(actor=actor, obj=offer, m2m=m2m, after_change=_reindex_offer)


def resource_create(*, actor: Any, data: dict[str, Any]) -> Resource:
    if not permissions.can_create_resource(actor):
        raise PermissionDeniedError()
    fields, m2m = _split(data, RESOURCE_M2M)
    resource = Resource(provider_id=actor.organization_id, **fields)
    return lifecycle.record_create(actor=actor, obj=resource, m2m=m2m, after_change=_reindex_resource)


def offer_update(*, actor: Any, offer_id: int, data: dict[str, Any], note: str = "") -> Offer:
    fields, m2m = _split(data, OFFER_M2M)
    return lifecycle.record_update(
        actor=actor,
        model=Offer,
        pk=offer_id,
        data=fields,
        m2m=m2m,
        may_edit=lambda o: permissions.can_edit(actor, o),
        note=note,
        after_change=_reindex_offer,
    )


def resource_update(*, actor: Any, resource_id: int, data: dict[str, Any], note: str = "") -> Resource:
    fields, m2m = _split(data, RESOURCE_M2M)
    return lifecycle.record_update(
        actor=actor,
        model=Resource,
        pk=resource_id,
        data=fields,
        m2m=m2m,
        may_edit=lambda r: permissions.can_edit(actor, r),
        note=note,
        after_change=_reindex_resource,
    )


def offer_transition(*, actor: Any, offer_id: int, action: str, reason: str = "") -> Offer:
    return lifecycle.record_transition(
        actor=actor,
        model=Offer,
        pk=offer_id,
        action=action,
        sides_for=lambda o: permissions.sides(actor, o),
        reason=reason,
        after_change=_reindex_offer,
    )


def resource_transition(*, actor: Any, resource_id: int, action: str, reason: str = "") -> Resource:
    return lifecycle.record_transition(
        actor=actor,
        model=Resource,
        pk=resource_id,
        action=action,
        sides_for=lambda r: permissions.sides(actor, r),
        reason=reason,
        after_change=_reindex_resource,
    )


def record_attach(*, actor: Any, record: Offer | Resource, upload: UploadedFile, confidential: bool) -> Attachment:
    if not permissions.can_edit(actor, record):
        raise PermissionDeniedError()
    return attachment_add(actor=actor, obj=record, upload=upload, confidential=confidential)


def record_detach(*, actor: Any, record: Offer | Resource, attachment_uuid: str) -> None:
    if not permissions.can_edit(actor, record):
        raise PermissionDeniedError()
    attachment_remove(actor=actor, obj=record, attachment_uuid=attachment_uuid)
