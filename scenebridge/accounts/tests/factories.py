"""Factories for organizations, people and API tokens, on the seeded taxonomy (regions from GB/T 2260)."""

from typing import Any

import factory
from stdnum.cn import uscc

from scenebridge.accounts.models import ApiToken, Organization, OrganizationType, Role, User
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
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试机构{n}")
    type = OrganizationType.PRIVATE_ENTERPRISE
    credit_code = factory.Sequence(lambda n: valid_credit_code(n + 1000))
    region = factory.LazyFunction(lambda: Region.objects.get(code="110000"))

    @factory.post_generation
    def qualifications(self: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.qualifications.set(extracted)


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


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token whose raw value is kept on the instance as `raw` (the database holds only its digest)."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"token {n}")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        raw, prefix, digest = ApiToken.generate()
        token = super()._create(model_class, *args, prefix=prefix, digest=digest, **kwargs)
        token.raw = raw
        return token
