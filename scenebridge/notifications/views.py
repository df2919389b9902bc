from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenebridge.core.web import page_of
from scenebridge.notifications import services
from scenebridge.notifications.models import Delivery, Notification


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = page_of(request, Notification.objects.filter(user_id=int(request.user.pk or 0)))
    context = {"page_obj": page, "delivery": services.delivery_for(request.user), "choices": Delivery.choices}
    return render(request, "notifications/inbox.html", context)


@require_POST
@login_required
def mark_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    return redirect("notifications:inbox")


@require_POST
@login_required
def preference(request: HttpRequest) -> HttpResponse:
    delivery = request.POST.get("delivery", "")
    if delivery in Delivery.values:
        services.preference_set(user=request.user, delivery=delivery)
        messages.success(request, _("Your e-mail preference is saved."))
    return redirect("notifications:inbox")
