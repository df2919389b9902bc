from typing import Any

import factory
from stdnum.cn import uscc

from scenebridge.accounts.models import Organization, OrganizationType, Role, User
from scenebridge.taxonomy.models import Region

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def valid_credit_code(n: int, region_code: str = "110000") -> str:
    """A unified social credit code whose check digit is right (the organisation part is synthetic)."""
    body = f"91{region_code}"
    serial = ""
    value = n + 1
    for _ in range(9):
        serial = _ALPHABET[value % 31] + serial
        value //= 31
    code = body + serial
    return code + uscc.calc_check_digit(code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试机构{n}")
    type = OrganizationType.PRIVATE_ENTERPRISE
    credit_code = factory.Sequence(lambda n: valid_credit_code(n + 1000))
    region = factory.LazyFunction(lambda: Region.objects.get(code="110000"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    display_name = factory.LazyAttribute(lambda u: u.username)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.SUPPLIER

    @factory.post_generation
    def password(self: Any, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or "correct-horse-battery")
        if create:
            self.save(update_fields=["password"])
