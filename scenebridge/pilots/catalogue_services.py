"""Every write to typical cases, the recommended catalogue (成果推荐目录) and replications."""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from scenebridge.accounts.models import Role
from scenebridge.core.audit import audit_record, snapshot
from scenebridge.core.decisions import decision_record
from scenebridge.core.errors import InvalidTransitionError, NotFoundError, PermissionDeniedError, ValidationFailedError
from scenebridge.notifications.services import notify
from scenebridge.pilots import permissions, rules
from scenebridge.pilots.models import (
    BatchStatus,
    Case,
    CaseStatus,
    CatalogueBatch,
    CatalogueEntry,
    Kpi,
    PilotOffer,
    Replication,
)
from scenebridge.pilots.services import lock_pilot, members, operators, validated
from scenebridge.reviews import services as review_services
from scenebridge.scenarios.models import Scenario
from scenebridge.taxonomy.models import Region

CASE_FIELDS = ("title", "summary", "problem_solved", "results", "status", "review_note")
# The rubric experts score nominated cases by: verified results, replicability, innovation, evidence.
CASE_RUBRIC: list[dict[str, Any]] = [
    {"code": "results", "name": "应用成效", "weight": 0.35, "max_score": 10},
    {"code": "replicability", "name": "可复制推广性", "weight": 0.25, "max_score": 10},
    {"code": "innovation", "name": "技术创新性", "weight": 0.25, "max_score": 10},
    {"code": "evidence", "name": "验证数据充分性", "weight": 0.15, "max_score": 10},
]


def lock_case(case_id: int) -> Case:
    case = Case.objects.select_for_update().select_related("pilot").filter(pk=case_id).first()
    if case is None:
        raise NotFoundError()
    return case


def lock_batch(batch_id: int) -> CatalogueBatch:
    batch = CatalogueBatch.objects.select_for_update().filter(pk=batch_id).first()
    if batch is None:
        raise NotFoundError()
    return batch


def case_url(case: Case) -> str:
    return reverse("catalogue:case_detail", kwargs={"uuid": case.uuid})


def _case_people(case: Case) -> list[Any]:
    providers = list(case.providers.values_list("pk", flat=True))
    return members([case.pilot.owner_id], [Role.OWNER]) + members(providers, [Role.SUPPLIER])


def _set_evidence(case: Case, provider_ids: list[int] | None, kpi_ids: list[int] | None) -> None:
    suppliers = set(PilotOffer.objects.filter(pilot_id=case.pilot_id).values_list("supplier_id", flat=True))
    chosen = set(provider_ids) if provider_ids else suppliers
    if not chosen or not chosen <= suppliers:
        raise ValidationFailedError(fields={"providers": [_("Choose providers among the pilot's suppliers.")]})
    kpis = set(Kpi.objects.filter(pilot_id=case.pilot_id).values_list("pk", flat=True))
    evidence = set(kpi_ids) if kpi_ids else kpis
    if not evidence <= kpis:
        raise ValidationFailedError(fields={"evidence_kpis": [_("Evidence must be KPIs of this pilot.")]})
    case.providers.set(sorted(chosen))
    case.evidence_kpis.set(sorted(evidence))


def case_nominate(
    *,
    actor: Any,
    pilot_id: int,
    title: str,
    summary: str,
    problem_solved: str,
    results: str,
    provider_ids: list[int] | None = None,
    evidence_kpi_ids: list[int] | None = None,
) -> Case:
    with transaction.atomic():
        pilot = lock_pilot(pilot_id)
        if not permissions.can_nominate(actor, pilot):
            if permissions.can_manage(actor, pilot):
                raise InvalidTransitionError(_("Only an evaluated pilot that met its targets can become a case."))
            raise PermissionDeniedError()
        if Case.objects.filter(pilot=pilot).exists():
            raise InvalidTransitionError(_("This pilot has already been nominated."))
        case = Case(
            pilot=pilot, title=title.strip(), summary=summary.strip(), problem_solved=problem_solved, results=results
        )
        case.nominated_by = actor
        validated(case, exclude=["pilot", "nominated_by", "reviewed_by"])
        case.save()
        _set_evidence(case, provider_ids, evidence_kpi_ids)
        audit_record(actor=actor, action="nominate", obj=case, after=snapshot(case, CASE_FIELDS))
        notify(
            recipients=operators(),
            kind="case_nominated",
            title=_("Case nominated for the catalogue: %(t)s") % {"t": case.title},
            body=pilot.title,
            url=reverse("pilots:case_review_list"),
            dedupe_key=f"case:{case.pk}:nominated",
        )
    return case


def case_renominate(*, actor: Any, case_id: int, data: dict[str, Any]) -> Case:
    """After a return: the owner edits the case and sends it for review again."""
    with transaction.atomic():
        case = lock_case(case_id)
        if not permissions.can_edit_case(actor, case):
            raise PermissionDeniedError()
        before = snapshot(case, CASE_FIELDS)
        for name in ("title", "summary", "problem_solved", "results"):
            if name in data:
                setattr(case, name, data[name])
        case.status = rules.case_transition_for("renominate", case.status).target
        validated(case, exclude=["pilot", "nominated_by", "reviewed_by"])
        case.save()
        _set_evidence(case, data.get("provider_ids"), data.get("evidence_kpi_ids"))
        audit_record(actor=actor, action="renominate", obj=case, before=before, after=snapshot(case, CASE_FIELDS))
        notify(
            recipients=operators(),
            kind="case_nominated",
            title=_("Case nominated again: %(t)s") % {"t": case.title},
            body=case.summary,
            url=reverse("pilots:case_review_list"),
            dedupe_key=f"case:{case.pk}:renominated:{timezone.now().isoformat()}",
        )
    return case


def case_review(*, actor: Any, case_id: int, action: str, note: str = "") -> Case:
    """The operator approves a nominated case for the catalogue or returns it with a note."""
    with transaction.atomic():
        case = lock_case(case_id)
        if not permissions.can_manage_catalogue(actor):
            raise PermissionDeniedError()
        if action not in ("approve", "return"):
            raise InvalidTransitionError()
        transition = rules.case_transition_for(action, case.status)
        if action == "return" and not note.strip():
            raise ValidationFailedError(fields={"note": [_("Please say what the owner should change.")]})
        before = {"status": case.status}
        case.status, case.review_note = transition.target, note.strip()
        case.reviewed_by, case.reviewed_at = actor, timezone.now()
        validated(case, exclude=["pilot", "nominated_by", "reviewed_by"])
        case.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
        audit_record(actor=actor, action=f"case_{action}", obj=case, before=before, after={"status": case.status})
        label = CaseStatus(case.status).label
        notify(
            recipients=members([case.pilot.owner_id], [Role.OWNER]),
            kind=f"case_{action}",
            title=_("Case %(t)s: %(s)s") % {"t": case.title, "s": label},
            body=case.review_note or case.summary,
            url=case_url(case),
            dedupe_key=f"case:{case.pk}:{action}:{case.reviewed_at.isoformat()}",
        )
    return case


def case_panel_open(*, actor: Any, batch_id: int, expert_ids: list[int]) -> Any:
    """An expert panel (scenebridge.reviews) on the nominated cases, for the draft batch they may enter. The experts
    score by CASE_RUBRIC, blind to each other until the panel closes; the operator then approves or returns each case
    in the light of the ranking."""
    with transaction.atomic():
        batch = _editable_batch(actor, batch_id)
        cases = list(Case.objects.filter(status=CaseStatus.NOMINATED).select_related("pilot").order_by("created_at"))
        if not cases or not expert_ids:
            raise ValidationFailedError(fields={"__all__": [_("Choose experts; there must be nominated cases.")]})
        panel = review_services.panel_create(
            actor=actor, target=batch, title=_("Expert review: %(t)s") % {"t": batch.title}, rubric=CASE_RUBRIC
        )
        for expert_id in expert_ids:
            review_services.panel_member_add(actor=actor, panel_id=panel.pk, expert_id=expert_id)
        for case in cases:
            review_services.panel_item_add(
                actor=actor,
                panel_id=panel.pk,
                item=case,
                owner_organization_id=case.pilot.owner_id,
                label=case.title,
                material_url=case_url(case),
            )
    return panel


def batch_create(*, actor: Any, title: str, year: int, number: int, preface: str = "") -> CatalogueBatch:
    if not permissions.can_manage_catalogue(actor):
        raise PermissionDeniedError()
    batch = CatalogueBatch(title=title.strip(), year=year, number=number, preface=preface)
    validated(batch, exclude=["publisher"])
    with transaction.atomic():
        batch.save()
        audit_record(actor=actor, action="create", obj=batch, after=snapshot(batch, ["title", "year", "number"]))
    return batch


def _editable_batch(actor: Any, batch_id: int) -> CatalogueBatch:
    if not permissions.can_manage_catalogue(actor):
        raise PermissionDeniedError()
    batch = lock_batch(batch_id)
    if batch.status != BatchStatus.DRAFT:
        raise InvalidTransitionError(_("A published catalogue batch cannot be changed."))
    return batch


def batch_entry_add(*, actor: Any, batch_id: int, case_id: int) -> CatalogueEntry:
    with transaction.atomic():
        batch = _editable_batch(actor, batch_id)
        case = lock_case(case_id)
        if case.status != CaseStatus.APPROVED:
            raise InvalidTransitionError(_("Only approved cases can enter the catalogue."))
        if CatalogueEntry.objects.filter(case=case).exists():
            raise InvalidTransitionError(_("This case is already in a catalogue batch."))
        position = rules.next_position(batch.entries.values_list("position", flat=True))
        entry = CatalogueEntry.objects.create(batch=batch, case=case, position=position)
        audit_record(actor=actor, action="entry_add", obj=batch, after={"case": case.pk, "position": position})
    return entry


def batch_entry_remove(*, actor: Any, batch_id: int, case_id: int) -> None:
    with transaction.atomic():
        batch = _editable_batch(actor, batch_id)
        entry = CatalogueEntry.objects.filter(batch=batch, case_id=case_id).first()
        if entry is None:
            raise NotFoundError()
        entry.delete()
        audit_record(actor=actor, action="entry_remove", obj=batch, before={"case": case_id})


def batch_publish(*, actor: Any, batch_id: int) -> CatalogueBatch:
    """Publishes the batch and its cases; from now on neither changes. Recorded in the decision log."""
    with transaction.atomic():
        batch = _editable_batch(actor, batch_id)
        entries = list(batch.entries.select_related("case__pilot__scenario").order_by("position"))
        if not entries:
            raise ValidationFailedError(fields={"__all__": [_("Add at least one approved case before publishing.")]})
        now = timezone.now()
        case_ids = [e.case_id for e in entries]
        Case.objects.filter(pk__in=case_ids).update(status=CaseStatus.PUBLISHED, published_at=now, updated_at=now)
        payload = {
            "title": batch.title,
            "year": batch.year,
            "number": batch.number,
            "entries": [
                {
                    "position": e.position,
                    "case": str(e.case.uuid),
                    "title": e.case.title,
                    "pilot": str(e.case.pilot.uuid),
                }
                for e in entries
            ],
        }
        entry = decision_record(actor=actor, kind="catalogue", obj=batch, summary=batch.title, payload=payload)
        batch.status, batch.published_at, batch.publisher = BatchStatus.PUBLISHED, now, actor
        batch.decision_hash = entry.entry_hash
        batch.save(update_fields=["status", "published_at", "publisher", "decision_hash", "updated_at"])
        audit_record(actor=actor, action="publish", obj=batch, before={"status": "draft"}, after={"cases": case_ids})
        for catalogue_entry in entries:
            notify(
                recipients=_case_people(catalogue_entry.case),
                kind="case_published",
                title=_("Your case is in the %(batch)s") % {"batch": batch.title},
                body=catalogue_entry.case.title,
                url=case_url(catalogue_entry.case),
                dedupe_key=f"case:{catalogue_entry.case_id}:published",
            )
    return batch


def replication_record(
    *,
    actor: Any,
    case_id: int,
    adopting_organization_id: int | None,
    region_code: str,
    adopted_on: datetime.date,
    scale_note: str = "",
    scenario_id: int | None = None,
) -> Replication:
    """Another owner adopts a catalogued result: recorded by that owner (for its organization) or the operator."""
    with transaction.atomic():
        case = lock_case(case_id)
        if adopting_organization_id is None:
            adopting_organization_id = getattr(actor, "organization_id", None)
        if adopting_organization_id is None or not permissions.can_record_replication(
            actor, case, adopting_organization_id
        ):
            raise PermissionDeniedError()
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            raise ValidationFailedError(fields={"region": [_("Choose a region.")]})
        if scenario_id and not Scenario.objects.filter(pk=scenario_id, owner_id=adopting_organization_id).exists():
            raise ValidationFailedError(fields={"scenario": [_("Choose a scenario of the adopting organization.")]})
        replication = Replication(
            case=case,
            adopting_organization_id=adopting_organization_id,
            region=region,
            scenario_id=scenario_id,
            adopted_on=adopted_on,
            scale_note=scale_note,
            recorded_by=actor,
        )
        validated(replication, exclude=["recorded_by", "scenario"])
        try:
            with transaction.atomic():
                replication.save()
        except IntegrityError as error:
            message = _("This adoption is already recorded.")
            raise ValidationFailedError(fields={"region": [message]}) from error
        audit_record(
            actor=actor,
            action="replicate",
            obj=case,
            after={"organization": adopting_organization_id, "region": region.code},
        )
        notify(
            recipients=_case_people(case),
            kind="case_replicated",
            title=_("Your result was adopted in %(region)s") % {"region": region.name_zh},
            body=case.title,
            url=case_url(case),
            dedupe_key=f"replication:{replication.pk}",
        )
    return replication
