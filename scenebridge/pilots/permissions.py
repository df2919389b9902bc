"""Who may do what with pilots, cases, the catalogue and replications. Services and selectors call these."""

from typing import Any

from django.contrib.contenttypes.models import ContentType

from scenebridge.accounts.models import Role
from scenebridge.accounts.permissions import acts_for, is_operator
from scenebridge.core.workflow import PUBLIC_STATES
from scenebridge.pilots import rules
from scenebridge.pilots.models import Case, CaseStatus, Pilot, PilotStatus
from scenebridge.reviews import permissions as review_permissions
from scenebridge.reviews.models import PanelItem

OWNER_ROLES = frozenset({Role.OWNER})
SUPPLIER_ROLES = frozenset({Role.SUPPLIER})


def supplier_ids(pilot: Pilot) -> set[int]:
    """The supplier organizations of the pilot (uses the prefetched rows when there are some)."""
    return {row.supplier_id for row in pilot.pilot_offers.all()}


def is_owner_side(user: Any, pilot: Pilot) -> bool:
    return acts_for(user, pilot.owner_id, OWNER_ROLES)


def is_supplier_side(user: Any, pilot: Pilot) -> bool:
    organization_id = getattr(user, "organization_id", None)
    return organization_id in supplier_ids(pilot) and acts_for(user, organization_id, SUPPLIER_ROLES)


def is_party(user: Any, pilot: Pilot) -> bool:
    return is_owner_side(user, pilot) or is_supplier_side(user, pilot)


def can_create(user: Any, scenario: Any) -> bool:
    return acts_for(user, scenario.owner_id, OWNER_ROLES) and scenario.status in PUBLIC_STATES


def can_view(user: Any, pilot: Pilot) -> bool:
    return pilot.status == PilotStatus.EVALUATED or can_view_all(user, pilot)


def can_view_all(user: Any, pilot: Pilot) -> bool:
    """The whole pilot (plan, measurements, feedback, issues); the public sees only the summary of an evaluated one."""
    return is_operator(user) or is_party(user, pilot)


def can_manage(user: Any, pilot: Pilot) -> bool:
    """Offers, KPIs, milestones, transitions, evaluation: the owner's side."""
    return is_owner_side(user, pilot)


def can_setup(user: Any, pilot: Pilot) -> bool:
    return can_manage(user, pilot) and pilot.status in rules.SETUP_STATES


def can_record(user: Any, pilot: Pilot) -> bool:
    """KPI values, feedback and issues: both sides while the pilot runs or has just completed."""
    return is_party(user, pilot) and pilot.status in rules.RECORDING_STATES


def can_resolve_issue(user: Any, pilot: Pilot) -> bool:
    return is_party(user, pilot) and pilot.status != PilotStatus.EVALUATED


def can_transition(user: Any, pilot: Pilot, action: str) -> bool:
    return can_manage(user, pilot) and action in rules.pilot_actions(pilot.status)


def can_evaluate(user: Any, pilot: Pilot) -> bool:
    return can_manage(user, pilot) and pilot.status == PilotStatus.COMPLETED


def can_override_targets(user: Any, pilot: Pilot) -> bool:
    return is_operator(user) and pilot.status == PilotStatus.EVALUATED


def can_nominate(user: Any, pilot: Pilot) -> bool:
    evaluation = getattr(pilot, "evaluation", None)
    if not can_manage(user, pilot) or evaluation is None:
        return False
    return rules.may_be_nominated(
        status=pilot.status, targets_met=evaluation.all_attained, override_reason=evaluation.override_reason
    )


def can_reissue(user: Any, pilot: Pilot) -> bool:
    return can_manage(user, pilot) and pilot.status == PilotStatus.EVALUATED


def can_view_case(user: Any, case: Case) -> bool:
    if case.status == CaseStatus.PUBLISHED or is_operator(user) or is_party(user, case.pilot):
        return True
    return reviews_an_item(user, case)


def reviews_an_item(user: Any, case: Case) -> bool:
    """An expert of a panel reviewing this case, without a conflict (scenebridge.reviews decides that)."""
    if not review_permissions.is_expert(user):
        return False
    content_type = ContentType.objects.get_for_model(Case)
    items = PanelItem.objects.filter(content_type=content_type, object_id=case.pk).select_related("panel")
    return any(review_permissions.may_access_item(user, item) for item in items)


def can_edit_case(user: Any, case: Case) -> bool:
    return is_owner_side(user, case.pilot) and case.status == CaseStatus.RETURNED


def can_review_case(user: Any, case: Case) -> bool:
    return is_operator(user) and case.status == CaseStatus.NOMINATED


def can_manage_catalogue(user: Any) -> bool:
    return is_operator(user)


def can_record_replication(user: Any, case: Case, adopting_organization_id: int | None) -> bool:
    """The operator, or an owner of another organization recording its own adoption, of a catalogued case."""
    if case.status != CaseStatus.PUBLISHED or adopting_organization_id is None:
        return False
    if adopting_organization_id == case.pilot.owner_id:
        return False
    return is_operator(user) or acts_for(user, adopting_organization_id, OWNER_ROLES)


def may_record_replications(user: Any, case: Case) -> bool:
    """Whether to offer the adoption form: the operator (for any organization) or an owner of another organization."""
    if is_operator(user):
        return case.status == CaseStatus.PUBLISHED
    return can_record_replication(user, case, getattr(user, "organization_id", None))
