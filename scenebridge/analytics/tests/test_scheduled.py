from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_scheduled_jobs_run_and_are_safe_to_repeat() -> None:
    # when
    first, second = StringIO(), StringIO()
    call_command("run_scheduled", "--digests", stdout=first)
    call_command("run_scheduled", "--digests", stdout=second)
    # then
    assert "Digests sent: 0" in first.getvalue() and "Digests sent: 0" in second.getvalue()
