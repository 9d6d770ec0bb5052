"""`make run` loads demo data for F2–F4 too, and loading it twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from grants.models import (
    Company,
    ConsultationSlot,
    DonationFigure,
    EventMaterial,
    FAQEntry,
    Interest,
    JointCampaign,
    NationalConsultation,
    NationalGrantProgramme,
    PolicyProject,
    PortalSiteListing,
    SlotBooking,
    SupportProject,
)
from portal.models import Event, Role, User

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_feature_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    counts = {
        model: model.objects.count()
        for model in (
            PolicyProject,
            NationalGrantProgramme,
            FAQEntry,
            NationalConsultation,
            Company,
            SupportProject,
            Interest,
            EventMaterial,
            ConsultationSlot,
            SlotBooking,
            PortalSiteListing,
            JointCampaign,
            DonationFigure,
        )
    }
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    assert counts == {model: model.objects.count() for model in counts}
    assert set(PolicyProject.objects.values_list("status", flat=True)) == {
        "in_progress",
        "completed",
        "evaluated",
    }
    assert FAQEntry.objects.filter(is_published=True).count() == 1
    company = User.objects.get(email="company@demo.example.jp")
    assert company.role == Role.COMPANY
    assert company.check_password("demo-pass-2026")
    assert User.objects.get(email="company-pending@demo.example.jp").role == Role.NONE
    assert set(Interest.objects.values_list("status", flat=True)) == {"accepted", "expressed"}
    assert Event.objects.filter(category="furusato").count() == 3
    # ふるさと納税 consultations and portal sites (#22).
    assert counts[ConsultationSlot] == 6
    assert counts[SlotBooking] == 1
    assert counts[PortalSiteListing] == 3
    assert counts[JointCampaign] == 1
    assert counts[DonationFigure] == 8
