"""/healthz: database and disk state for load balancers and operators; 503 (never a 500 page) when unhealthy."""

import shutil

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

MIN_FREE_BYTES = 200 * 1024 * 1024


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database_state()
    disk = _disk_state()
    healthy = database["ok"] and disk["ok"]
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "disk": disk},
        status=200 if healthy else 503,
    )


def _database_state() -> dict[str, object]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure of the database means "not ready", reported, not raised
        return {"ok": False, "vendor": connection.vendor, "error": error.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _disk_state() -> dict[str, object]:
    path = settings.MEDIA_ROOT
    try:
        path.mkdir(parents=True, exist_ok=True)
        usage = shutil.disk_usage(path)
    except OSError as error:
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": usage.free >= MIN_FREE_BYTES, "free_bytes": usage.free, "total_bytes": usage.total}
