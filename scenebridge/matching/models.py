"""Matching records: stored vectors, fusion weights, feedback, connections (对接), subscriptions and their alerts."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenebridge.core.models import TimeStampedModel


class ItemKind(models.TextChoices):
    NEED = "need", _("Scenario")
    OFFER = "offer", _("Offer")
    RESOURCE = "resource", _("Resource")


class ItemVector(models.Model):
    """The embedding of one published item's public text, computed once by a background task.

    ``vector`` is empty while the item waits in the embedding backlog; ``text_hash`` tells whether the stored vector
    still belongs to the item's current text.
    """

    kind = models.CharField(max_length=16, choices=ItemKind.choices)
    object_id = models.PositiveBigIntegerField()
    text_hash = models.CharField(max_length=64)
    model_name = models.CharField(max_length=100, blank=True)
    dim = models.PositiveIntegerField(default=0)
    vector = models.BinaryField(null=True, blank=True)
    phrase_vectors = models.BinaryField(null=True, blank=True)
    embedded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="item_vector_unique")]
        indexes = [models.Index(fields=["embedded_at"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class WeightsVersion(models.Model):
    """One version of the fusion weights; the newest is used for ranking."""

    number = models.PositiveIntegerField(unique=True)
    weights = models.JSONField(default=dict)
    judgments = models.PositiveIntegerField(default=0)
    pairwise_accuracy_before = models.FloatField(null=True, blank=True)
    pairwise_accuracy_after = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"weights v{self.number}"


class Direction(models.TextChoices):
    SCENARIO_OFFERS = "scenario_offers", _("Offers for a scenario")
    SCENARIO_RESOURCES = "scenario_resources", _("Resources for a scenario")
    OFFER_SCENARIOS = "offer_scenarios", _("Scenarios for an offer")
    RESOURCE_SCENARIOS = "resource_scenarios", _("Scenarios for a resource")


class Verdict(models.TextChoices):
    RELEVANT = "relevant", _("Relevant")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class Feedback(models.Model):
    """A person's 相关 / 不相关 on one shown recommendation, with the score and signals they were shown."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    direction = models.CharField(max_length=24, choices=Direction.choices)
    scenario = models.ForeignKey("scenarios.Scenario", on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey("catalog.Offer", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    resource = models.ForeignKey("catalog.Resource", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    score = models.FloatField(null=True, blank=True)
    signals = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "direction", "scenario", "offer", "resource"], name="feedback_once_per_user_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.verdict}"


class ConnectionKind(models.TextChoices):
    INTEREST = "interest", _("Expression of interest")
    INVITATION = "invitation", _("Invitation")


class ConnectionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CONTACTED = "contacted", _("In contact")
    COOPERATING = "cooperating", _("Cooperating")
    CLOSED = "closed", _("Closed")


class Connection(TimeStampedModel):
    """对接: an interest (supplier → scenario owner) or an invitation (owner → supplier) and how it ended."""

    initiator_organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("started by")
    )
    counterpart_organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    scenario = models.ForeignKey("scenarios.Scenario", on_delete=models.PROTECT, related_name="+")
    offer = models.ForeignKey("catalog.Offer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resource = models.ForeignKey("catalog.Resource", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ConnectionKind.choices)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ConnectionStatus.choices, default=ConnectionStatus.PENDING, db_index=True
    )
    score = models.FloatField(null=True, blank=True)
    signals = models.JSONField(default=dict, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offer__isnull=False) | models.Q(resource__isnull=False),
                name="connection_has_supply",
            )
        ]

    def __str__(self) -> str:
        supply = (self.offer_id and f"offer {self.offer_id}") or f"resource {self.resource_id}"
        return f"对接 {self.scenario_id} ↔ {supply}"


class Subscription(TimeStampedModel):
    """A saved search (or "my organization's offers") that alerts its user to new matching scenarios."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DAILY = "daily", _("Daily digest")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.TextField(_("what you are looking for"), blank=True)
    use_organization_offers = models.BooleanField(_("use my organization's offers"), default=False)
    domain = models.ForeignKey(
        "taxonomy.Domain", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("domain")
    )
    region = models.ForeignKey(
        "taxonomy.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("region")
    )
    threshold = models.FloatField(
        _("threshold"), default=0.5, validators=[MinValueValidator(-5.0), MaxValueValidator(10.0)]
    )
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class SubscriptionAlert(models.Model):
    """A scenario that matched a subscription; unique, so nothing is sent twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="alerts")
    scenario = models.ForeignKey("scenarios.Scenario", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["subscription", "scenario"], name="subscription_alert_once")]

    def __str__(self) -> str:
        return f"{self.subscription_id} → {self.scenario_id}"
