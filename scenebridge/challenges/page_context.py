"""What the challenge page shows to each viewer: every part decided by a permission, nothing read while sealed."""

from typing import Any

from django.utils import timezone

from scenebridge.accounts.models import OrganizationType
from scenebridge.accounts.permissions import is_operator
from scenebridge.challenges import forms, permissions, rules, selectors
from scenebridge.challenges.models import Challenge, MilestoneStatus
from scenebridge.core.attachments import attachments_of


def detail_context(user: Any, challenge: Challenge) -> dict[str, Any]:
    now = timezone.now()
    award = selectors.award_for_user(user, challenge)
    milestones = selectors.milestones_for_user(user, challenge, award)
    files = selectors.milestone_attachments(milestones)
    owner_side = permissions.is_owner_side(user, challenge)
    unsealed = permissions.can_unsealed_read(user, challenge, now)
    my_application = selectors.application_of_organization(user, challenge)
    return {
        "challenge": challenge,
        "scenario": challenge.scenario,
        "attachments": attachments_of(challenge, include_confidential=False),
        "result": selectors.challenge_result(challenge),
        "award": award,
        "milestone_rows": [(m, files.get(m.pk, [])) for m in milestones],
        "owner_side": owner_side,
        "is_operator": is_operator(user),
        "sealed": rules.is_sealed(challenge.status, challenge.deadline, now),
        "application_count": selectors.application_count(challenge) if owner_side or is_operator(user) else None,
        "can_list_applications": unsealed,
        "my_application": my_application,
        "can_apply": permissions.can_apply(user, challenge, now),
        "can_edit": permissions.can_edit(user, challenge),
        "can_start_review": permissions.can_start_review(user, challenge),
        "can_close_review": is_operator(user) and challenge.status == rules.Status.UNDER_REVIEW,
        "can_propose": permissions.can_propose_award(user, challenge, award, now),
        "can_decide": award is not None and permissions.can_decide_award(user, award),
        "can_manage_milestones": permissions.can_manage_milestones(user, challenge),
        "can_submit": award is not None
        and permissions.is_winner_side(user, award)
        and challenge.status == rules.Status.IN_DELIVERY,
        "can_accept": permissions.can_accept(user, challenge)
        and bool(milestones)
        and all(m.status == MilestoneStatus.ACCEPTED for m in milestones),
        "eligible_type_labels": [OrganizationType(t).label for t in challenge.eligible_types],
        "review_form": forms.ReviewStartForm() if permissions.can_start_review(user, challenge) else None,
        "milestone_form": forms.MilestoneForm(),
        "deliverable_form": forms.DeliverableForm(),
    }
