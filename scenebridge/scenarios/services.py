"""Every write to a scenario: create, edit, submit, review, withdraw, close, attach files."""

from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from scenebridge.core import lifecycle, search
from scenebridge.core.attachments import attachment_add, attachment_remove
from scenebridge.core.errors import PermissionDeniedError
from scenebridge.core.models import Attachment
from scenebridge.core.workflow import PUBLIC_STATES
from scenebridge.scenarios import permissions
from scenebridge.scenarios.models import Scenario

M2M_FIELDS = ("tags", "opening_modes")


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Iterable[Any]]]:
    fields = {k: v for k, v in data.items() if k not in M2M_FIELDS}
    m2m = {k: v for k, v in data.items() if k in M2M_FIELDS}
    return fields, m2m


def search_text(scenario: Scenario) -> str | None:
    """The public text a keyword search may match (None: not findable)."""
    if scenario.status not in PUBLIC_STATES:
        return None
    hidden = scenario.hidden_fields()
    parts = [scenario.title, scenario.title, scenario.summary, scenario.owner.name, scenario.domain.name_zh]
    parts += [scenario.region.name_zh, scenario.level.name_zh, scenario.kind.name_zh]
    parts += [t.name_zh for t in scenario.tags.all()]
    for name in ("description", "technical_requirements", "expected_outcomes", "kpis", "other_support"):
        if name not in hidden:
            parts.append(getattr(scenario, name))
    return "\n".join(p for p in parts if p)


def _reindex(scenario: Scenario) -> None:
    search.index_object("scenario", scenario.pk, search_text(scenario))


def scenario_create(*, actor: Any, data: dict[str, Any]) -> Scenario:
    if not permissions.can_create(actor):
        raise PermissionDeniedError()
    fields, m2m = _split(data)
    scenario = Scenario(owner_id=actor.organization_id, **fields)
    return lifecycle.record_create(actor=actor, obj=scenario, m2m=m2m, after_change=_reindex)


def scenario_update(*, actor: Any, scenario_id: int, data: dict[str, Any], note: str = "") -> Scenario:
    fields, m2m = _split(data)
    fields.pop("owner", None)
    fields.pop("owner_id", None)
    return lifecycle.record_update(
        actor=actor,
        model=Scenario,
        pk=scenario_id,
        data=fields,
        m2m=m2m,
        may_edit=lambda s: permissions.can_edit(actor, s),
        note=note,
        after_change=_reindex,
    )


def scenario_transition(*, actor: Any, scenario_id: int, action: str, reason: str = "") -> Scenario:
    return lifecycle.record_transition(
        actor=actor,
        model=Scenario,
        pk=scenario_id,
        action=action,
        sides_for=lambda s: permissions.sides(actor, s),
        reason=reason,
        after_change=_reindex,
    )


def scenario_attach(*, actor: Any, scenario: Scenario, upload: UploadedFile, confidential: bool) -> Attachment:
    if not permissions.can_edit(actor, scenario):
        raise PermissionDeniedError()
    return attachment_add(actor=actor, obj=scenario, upload=upload, confidential=confidential)


def scenario_detach(*, actor: Any, scenario: Scenario, attachment_uuid: str) -> None:
    if not permissions.can_edit(actor, scenario):
        raise PermissionDeniedError()
    attachment_remove(actor=actor, obj=scenario, attachment_uuid=attachment_uuid)
