"""`{% load pilots %}{% scenario_pilots scenario %}` on a scenario's page: the version it re-issues, the lessons it
carries, and the pilots (with their evaluations) of this version and the earlier one that the viewer may see."""

from typing import Any

from django import template

from scenebridge.core.errors import NotFoundError
from scenebridge.pilots import selectors

register = template.Library()


@register.inclusion_tag("pilots/scenario_pilots_panel.html", takes_context=True)
def scenario_pilots(context: template.Context, scenario: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    try:
        steps = selectors.scenario_history(user, scenario.uuid)
    except NotFoundError:
        steps = []
    mine = next((s for s in steps if s.scenario.pk == scenario.pk), None)
    earlier = next((s for s in steps if s.scenario.pk == scenario.previous_version_id), None)
    later = [s for s in steps if s.scenario.previous_version_id == scenario.pk]
    return {"scenario": scenario, "mine": mine, "earlier": earlier, "later": later, "steps": steps}
