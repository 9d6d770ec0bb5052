"""The pillar's landing page: what human support is, and where each role goes next."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..permissions import requests as permissions


@require_GET
def index(request):
    user = request.user
    return render(
        request,
        "dispatch/index.html",
        {
            "can_request": permissions.can_request_support(user),
            "is_staff": permissions.is_staff(user),
            "person": permissions.person_of(user),
            "municipality": user.municipality if user.is_authenticated else None,
        },
    )
