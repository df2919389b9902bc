"""Validators shared by every app's text fields."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Text fields stay plain (they are analysed, exported and screened later); markup is refused, not stripped,
# so that nothing is silently changed.
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)


def validate_plain_text(value: str) -> None:
    if value and _MARKUP.search(value):
        raise ValidationError(_("HTML tags and scripts are not allowed here; please enter plain text."), code="markup")
