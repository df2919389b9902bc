"""Account pages: register, log in, profile and API tokens, organization directory, profile edit and members."""

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenebridge.accounts import selectors, services
from scenebridge.accounts.forms import (
    ApiTokenForm,
    MemberForm,
    OperatorOrganizationForm,
    OrganizationForm,
    ProfileForm,
    RegistrationForm,
)
from scenebridge.accounts.models import Organization, OrganizationType, User
from scenebridge.accounts.permissions import can_edit_organization, is_operator
from scenebridge.core.errors import ApplicationError, PermissionDeniedError
from scenebridge.core.web import add_service_errors, facet, page_of, query_without
from scenebridge.taxonomy import selectors as taxonomy

# Registration logs the new person in directly, past the login throttle (it checked no password).
_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Make `language` the one the pages use from now on (the same cookie Django's set_language view writes)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        return remember_language(response, form.get_user().preferred_language)


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.organization_register(data=form.registration())
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend=_MODEL_BACKEND)
            messages.success(request, _("Welcome! Your organization and your account have been created."))
            return redirect("home")
    return render(request, "accounts/register.html", {"form": form})


# Profile and API tokens ---------------------------------------------------------------------------------------


def _own_user(request: HttpRequest) -> User:
    """A fresh copy of the logged-in person, so that a form failing validation never alters `request.user`."""
    return User.objects.get(pk=cast(int, request.user.pk))


def _profile_page(request: HttpRequest, **context: Any) -> HttpResponse:
    context.setdefault("form", ProfileForm(instance=_own_user(request)))
    context.setdefault("token_form", ApiTokenForm())
    context["tokens"] = selectors.api_tokens_of(request.user)
    response = render(request, "accounts/profile.html", context)
    add_never_cache_headers(response)
    return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=_own_user(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.profile_update(actor=request.user, data=form.service_data())
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            translation.activate(user.preferred_language)
            messages.success(request, _("Your profile has been saved."))
            return remember_language(redirect("accounts:profile"), user.preferred_language)
    return _profile_page(request, form=form)


@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = services.api_token_create(actor=request.user, name=form.cleaned_data["name"])
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            # Shown on this response only: the token is not stored, so it is never shown again.
            return _profile_page(request, new_token=raw, new_token_name=token.name)
    return _profile_page(request, token_form=form)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = services.api_token_revoke(actor=request.user, token_id=token_id)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("accounts:profile")


# Organizations ------------------------------------------------------------------------------------------------


def _filters_from(params: Any) -> selectors.OrganizationFilters:
    values = {name: (params.get(name) or "").strip()[:100] for name in ("q", "type", "region", "qualification")}
    return selectors.OrganizationFilters(**values)


def organization_list(request: HttpRequest) -> HttpResponse:
    filters = _filters_from(request.GET)
    page = page_of(request, selectors.organization_list(filters))
    counts = selectors.organization_facets(filters)
    provinces = [(r.code, r.name) for r in taxonomy.provinces()]
    qualifications = [(q.code, q.name) for q in taxonomy.qualifications()]
    facets = {
        "type": facet(request, "type", list(OrganizationType.choices), counts["type"]),
        "region": facet(request, "region", provinces, counts["region"]),
        "qualification": facet(request, "qualification", qualifications, counts["qualification"]),
    }
    context = {"page_obj": page, "filters": filters, "facets": facets, "base_query": query_without(request)}
    return render(request, "accounts/organization_list.html", context)


def organization_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    organization = selectors.organization_get(uuid)
    context = {
        "org": organization,
        "can_edit": can_edit_organization(request.user, organization),
        "show_contact": selectors.organization_contact_visible(request.user, organization),
    }
    return render(request, "accounts/organization_detail.html", context)


def _editable_organization(request: HttpRequest, uuid: str) -> Organization:
    organization = selectors.organization_get(uuid)
    if not can_edit_organization(request.user, organization):
        raise PermissionDeniedError()
    return organization


@login_required
def organization_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    organization = _editable_organization(request, uuid)
    form_class = OperatorOrganizationForm if is_operator(request.user) else OrganizationForm
    form = form_class(request.POST or None, instance=Organization.objects.get(pk=organization.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(actor=request.user, organization_id=organization.pk, data=form.service_data())
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("accounts:organization_detail", uuid=organization.uuid)
    return render(request, "accounts/organization_form.html", {"form": form, "org": organization})


@login_required
def organization_members(request: HttpRequest, uuid: str) -> HttpResponse:
    organization = _editable_organization(request, uuid)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(actor=request.user, organization_id=organization.pk, data=form.member_data())
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            message = _("%(name)s can now log in as “%(username)s”.") % {"name": member, "username": member.username}
            messages.success(request, message)
            return redirect("accounts:organization_members", uuid=organization.uuid)
    context = {"org": organization, "members": selectors.organization_members(organization), "form": form}
    return render(request, "accounts/organization_members.html", context)
