from typing import Any

from django.http import HttpRequest

from scenebridge.accounts.models import Role


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user is not None and user.is_authenticated else None
    return {
        "user_role": role,
        "is_operator": role == Role.OPERATOR,
        "can_publish_scenarios": role in (Role.OWNER, Role.ORG_ADMIN),
        "can_publish_offers": role in (Role.SUPPLIER, Role.ORG_ADMIN),
    }
