"""揭榜挂帅 API: public reads of challenges and results; applications, awards and milestones for those concerned.
Applications are sealed: before the deadline only the author's organization reads one, whatever the endpoint."""

import datetime
import decimal
import uuid as uuid_module
from typing import Any

from django.utils import timezone
from ninja import Query, Router, Schema, Status

from scenebridge.accounts.api_auth import WRITE_AUTH, reader
from scenebridge.accounts.permissions import is_operator
from scenebridge.challenges import delivery, permissions, rules, selectors, services
from scenebridge.challenges.models import Application, Challenge, Milestone
from scenebridge.core.api_support import page_response
from scenebridge.core.errors import NotFoundError
from scenebridge.scenarios import selectors as scenario_selectors

router = Router(tags=["challenges"])


class IndicatorSchema(Schema):
    name: str
    target: str = ""
    unit: str = ""


class ChallengeOut(Schema):
    uuid: uuid_module.UUID
    origin: str
    title: str
    status: str
    scenario: uuid_module.UUID
    owner: dict[str, Any]
    goals: str
    indicators: list[IndicatorSchema]
    reward_wan: decimal.Decimal | None
    reward_text: str
    eligibility: str
    eligible_types: list[str]
    opens_at: datetime.datetime
    deadline: datetime.datetime
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class ChallengePage(Schema):
    count: int
    page: int
    size: int
    results: list[ChallengeOut]


class ChallengeIn(Schema):
    scenario: uuid_module.UUID
    title: str
    goals: str
    indicators: list[IndicatorSchema] = []
    reward_wan: decimal.Decimal | None = None
    reward_text: str = ""
    eligibility: str = ""
    eligible_types: list[str] = []
    opens_at: datetime.datetime
    deadline: datetime.datetime


class ChallengeQuery(Schema):
    q: str = ""
    status: str = ""
    scenario: str = ""
    page: int = 1
    size: int = 20


class ApplicationIn(Schema):
    title: str
    proposal: str
    team: str = ""
    budget_wan: decimal.Decimal | None = None
    plan: str = ""


class ApplicationOut(Schema):
    uuid: uuid_module.UUID
    challenge: uuid_module.UUID
    organization: dict[str, Any]
    title: str
    proposal: str
    team: str
    budget_wan: decimal.Decimal | None
    plan: str
    review_total: decimal.Decimal | None
    review_rank: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ApplicationCountOut(Schema):
    count: int
    sealed: bool
    results: list[ApplicationOut]


class AwardProposeIn(Schema):
    application: uuid_module.UUID | None = None
    amount_wan: decimal.Decimal | None = None
    reasons: str


class DecisionIn(Schema):
    note: str = ""


class AwardOut(Schema):
    status: str
    application: uuid_module.UUID | None
    winner: str | None
    amount_wan: decimal.Decimal | None
    reasons: str
    decision_note: str


class ResultOut(Schema):
    awarded: bool
    winner: str
    winner_uuid: str
    application_title: str
    amount_wan: decimal.Decimal | None
    decided_at: datetime.datetime | None
    decision_head_hash: str
    accepted_at: datetime.datetime | None


class MilestoneIn(Schema):
    title: str
    deliverables: str
    due_on: datetime.date


class MilestoneOut(Schema):
    id: int
    title: str
    deliverables: str
    due_on: datetime.date
    status: str
    submission: str
    review_note: str


class DeliverableIn(Schema):
    submission: str


class DeliverableReviewIn(Schema):
    accept: bool
    note: str = ""


class AcceptIn(Schema):
    note: str = ""


def challenge_out(challenge: Challenge) -> dict[str, Any]:
    return {
        **{name: getattr(challenge, name) for name in ChallengeOut.model_fields if hasattr(challenge, name)},
        "scenario": challenge.scenario.uuid,
        "owner": {"uuid": str(challenge.owner.uuid), "name": challenge.owner.name},
    }


def application_out(application: Application) -> dict[str, Any]:
    return {
        **{name: getattr(application, name) for name in ApplicationOut.model_fields if hasattr(application, name)},
        "challenge": application.challenge.uuid,
        "organization": {"uuid": str(application.organization.uuid), "name": application.organization.name},
    }


def award_out(award: Any) -> dict[str, Any]:
    application = award.application
    return {
        "status": award.status,
        "application": application.uuid if application else None,
        "winner": application.organization.name if application else None,
        "amount_wan": award.amount_wan,
        "reasons": award.reasons,
        "decision_note": award.decision_note,
    }


def _challenge(request: Any, uuid: uuid_module.UUID) -> Challenge:
    return selectors.challenge_get_for_user(reader(request), uuid)


@router.get("", response=ChallengePage)
def challenge_list(request: Any, query: Query[ChallengeQuery]) -> Any:
    filters = selectors.ChallengeFilters(q=query.q, status=query.status, scenario=query.scenario)
    return page_response(selectors.challenge_list(reader(request), filters), query.page, query.size, challenge_out)


@router.get("/{uuid}", response=ChallengeOut)
def challenge_get(request: Any, uuid: uuid_module.UUID) -> Any:
    return challenge_out(_challenge(request, uuid))


@router.get("/{uuid}/result", response=ResultOut)
def challenge_result(request: Any, uuid: uuid_module.UUID) -> Any:
    result = selectors.challenge_result(_challenge(request, uuid))
    if result is None:
        raise NotFoundError()
    return result


@router.post("", response={201: ChallengeOut}, auth=WRITE_AUTH)
def challenge_create(request: Any, payload: ChallengeIn) -> Any:
    scenario = scenario_selectors.scenario_get_for_user(request.user, payload.scenario)
    data = payload.model_dump(exclude={"scenario"})
    challenge = services.challenge_create(actor=request.user, scenario=scenario, data=data)
    return Status(201, challenge_out(selectors.challenge_get_for_user(request.user, challenge.uuid)))


@router.post("/{uuid}/publish", response=ChallengeOut, auth=WRITE_AUTH)
def challenge_publish(request: Any, uuid: uuid_module.UUID) -> Any:
    challenge = _challenge(request, uuid)
    services.challenge_publish(actor=request.user, challenge_id=challenge.pk)
    return challenge_out(selectors.challenge_get_for_user(request.user, uuid))


@router.post("/{uuid}/apply", response={200: ApplicationOut, 201: ApplicationOut}, auth=WRITE_AUTH)
def application_apply(request: Any, uuid: uuid_module.UUID, payload: ApplicationIn) -> Any:
    """Creates the organization's application (201) or updates it (200); repeating a request changes nothing."""
    challenge = _challenge(request, uuid)
    application, created = services.application_submit(
        actor=request.user, challenge_id=challenge.pk, data=payload.model_dump()
    )
    return Status(201 if created else 200, application_out(application))


@router.get("/{uuid}/my-application", response=ApplicationOut, auth=WRITE_AUTH)
def my_application(request: Any, uuid: uuid_module.UUID) -> Any:
    application = selectors.application_of_organization(request.user, _challenge(request, uuid))
    if application is None:
        raise NotFoundError()
    return application_out(application)


@router.get("/{uuid}/applications", response=ApplicationCountOut)
def application_list(request: Any, uuid: uuid_module.UUID) -> Any:
    """The applications the caller may read; while sealed, the owner gets only the count."""
    user, now = reader(request), timezone.now()
    challenge = selectors.challenge_get_for_user(user, uuid)
    applications = list(selectors.applications_for_user(user, challenge, now))
    show_count = permissions.is_owner_side(user, challenge) or is_operator(user)
    return {
        "count": selectors.application_count(challenge) if show_count else len(applications),
        "sealed": rules.is_sealed(challenge.status, challenge.deadline, now),
        "results": [application_out(a) for a in applications],
    }


@router.get("/applications/{uuid}", response=ApplicationOut)
def application_get(request: Any, uuid: uuid_module.UUID) -> Any:
    return application_out(selectors.application_get_for_user(reader(request), uuid, timezone.now()))


@router.get("/{uuid}/award", response=AwardOut)
def award_get(request: Any, uuid: uuid_module.UUID) -> Any:
    user = reader(request)
    award = selectors.award_for_user(user, selectors.challenge_get_for_user(user, uuid))
    if award is None:
        raise NotFoundError()
    return award_out(award)


@router.post("/{uuid}/award/propose", response=AwardOut, auth=WRITE_AUTH)
def award_propose(request: Any, uuid: uuid_module.UUID, payload: AwardProposeIn) -> Any:
    challenge = _challenge(request, uuid)
    application_id = None
    if payload.application is not None:
        application_id = (
            Application.objects.filter(challenge=challenge, uuid=payload.application)
            .values_list("pk", flat=True)
            .first()
            or -1
        )
    delivery.award_propose(
        actor=request.user,
        challenge_id=challenge.pk,
        application_id=application_id,
        amount_wan=payload.amount_wan,
        reasons=payload.reasons,
    )
    return award_get(request, uuid)


@router.post("/{uuid}/award/approve", response=AwardOut, auth=WRITE_AUTH)
def award_approve(request: Any, uuid: uuid_module.UUID, payload: DecisionIn) -> Any:
    delivery.award_approve(actor=request.user, challenge_id=_challenge(request, uuid).pk, note=payload.note)
    return award_get(request, uuid)


@router.post("/{uuid}/award/reject", response=AwardOut, auth=WRITE_AUTH)
def award_reject(request: Any, uuid: uuid_module.UUID, payload: DecisionIn) -> Any:
    delivery.award_reject(actor=request.user, challenge_id=_challenge(request, uuid).pk, note=payload.note)
    return award_get(request, uuid)


@router.get("/{uuid}/milestones", response=list[MilestoneOut], auth=WRITE_AUTH)
def milestone_list(request: Any, uuid: uuid_module.UUID) -> Any:
    challenge = _challenge(request, uuid)
    return selectors.milestones_for_user(request.user, challenge, selectors.award_for_user(request.user, challenge))


@router.post("/{uuid}/milestones", response={201: MilestoneOut}, auth=WRITE_AUTH)
def milestone_add(request: Any, uuid: uuid_module.UUID, payload: MilestoneIn) -> Any:
    challenge = _challenge(request, uuid)
    return Status(201, delivery.milestone_add(actor=request.user, challenge_id=challenge.pk, **payload.model_dump()))


def _milestone(request: Any, uuid: uuid_module.UUID, milestone_id: int) -> Milestone:
    challenge = _challenge(request, uuid)
    award = selectors.award_for_user(request.user, challenge)
    for milestone in selectors.milestones_for_user(request.user, challenge, award):
        if milestone.pk == milestone_id:
            return milestone
    raise NotFoundError()


@router.post("/{uuid}/milestones/{milestone_id}/submit", response=MilestoneOut, auth=WRITE_AUTH)
def milestone_submit(request: Any, uuid: uuid_module.UUID, milestone_id: int, payload: DeliverableIn) -> Any:
    milestone = _milestone(request, uuid, milestone_id)
    return delivery.milestone_submit(actor=request.user, milestone_id=milestone.pk, submission=payload.submission)


@router.post("/{uuid}/milestones/{milestone_id}/review", response=MilestoneOut, auth=WRITE_AUTH)
def milestone_review(request: Any, uuid: uuid_module.UUID, milestone_id: int, payload: DeliverableReviewIn) -> Any:
    milestone = _milestone(request, uuid, milestone_id)
    return delivery.milestone_review(
        actor=request.user, milestone_id=milestone.pk, accept=payload.accept, note=payload.note
    )


@router.post("/{uuid}/accept", response=ChallengeOut, auth=WRITE_AUTH)
def challenge_accept(request: Any, uuid: uuid_module.UUID, payload: AcceptIn) -> Any:
    delivery.challenge_accept(actor=request.user, challenge_id=_challenge(request, uuid).pk, note=payload.note)
    return challenge_out(selectors.challenge_get_for_user(request.user, uuid))
