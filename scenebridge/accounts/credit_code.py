"""统一社会信用代码 (GB 32100-2015): checked with python-stdnum, which knows the check-digit algorithm."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError


def normalise_credit_code(value: str) -> str:
    return uscc.compact(value or "")


def validate_credit_code(value: str) -> None:
    try:
        uscc.validate(value)
    except InvalidChecksum as error:
        raise ValidationError(
            _("The check digit of this unified social credit code is wrong; please check the code."),
            code="credit_code_checksum",
        ) from error
    except StdnumError as error:
        raise ValidationError(
            _("A unified social credit code has 18 characters (digits and capital letters except I, O, Z, S, V)."),
            code="credit_code_format",
        ) from error
