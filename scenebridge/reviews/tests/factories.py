"""Panels for tests. The target and the items are organizations: the reviews app works on any model."""

from typing import Any

from scenebridge.accounts.models import Role
from scenebridge.accounts.tests.factories import OrganizationFactory, UserFactory
from scenebridge.reviews import services
from scenebridge.reviews.models import Panel, PanelItem

RUBRIC = [
    {"code": "innovation", "name": "创新性", "weight": 40, "max_score": 10},
    {"code": "feasibility", "name": "可行性", "weight": 60, "max_score": 10},
]


def full_marks(rubric: list[dict[str, Any]] = RUBRIC, value: float = 8) -> dict[str, float]:
    return {c["code"]: value for c in rubric}


def make_panel(
    operator: Any, *, items: int = 2, rubric: list[dict[str, Any]] = RUBRIC
) -> tuple[Panel, list[PanelItem]]:
    target: Any = OrganizationFactory(name="评审对象")
    panel = services.panel_create(actor=operator, target=target, title="测试评审组", rubric=rubric, closes_at=None)
    created = []
    for n in range(items):
        organization: Any = OrganizationFactory(name=f"申报单位{n}")
        created.append(
            services.panel_item_add(
                actor=operator,
                panel_id=panel.pk,
                item=organization,
                owner_organization_id=organization.pk,
                label=f"项目{n}",
                material_url=f"/material/{n}/",
            )
        )
    return panel, created


def make_expert(**kwargs: Any) -> Any:
    return UserFactory(role=Role.EXPERT, **kwargs)


def join(operator: Any, panel: Panel, *experts: Any) -> None:
    for expert in experts:
        services.panel_member_add(actor=operator, panel_id=panel.pk, expert_id=expert.pk)
