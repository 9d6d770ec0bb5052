import factory
from allauth.account.models import EmailAddress

from portal.models import (
    AccessRequest,
    Bureau,
    Consultation,
    ConsultationCategory,
    Municipality,
    Role,
    Unit,
    User,
)

PASSWORD = "correct-horse-battery"


def municipality(code: str) -> Municipality:
    return Municipality.objects.select_related("bureau").get(code=code)


def bureau(code: str) -> Bureau:
    return Bureau.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.jp")
    name = factory.Sequence(lambda n: f"利用者{n}")
    role = Role.NONE

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    class Params:
        # Traits for each role; municipalities and bureaus come from the reference data.
        sapporo = factory.Trait(
            role=Role.MUNICIPAL, municipality=factory.LazyFunction(lambda: municipality("011002"))
        )
        ebetsu = factory.Trait(
            role=Role.MUNICIPAL, municipality=factory.LazyFunction(lambda: municipality("012173"))
        )
        hakodate = factory.Trait(
            role=Role.MUNICIPAL, municipality=factory.LazyFunction(lambda: municipality("012025"))
        )
        ishikari_officer = factory.Trait(
            role=Role.BUREAU, is_staff=True, bureau=factory.LazyFunction(lambda: bureau("ishikari"))
        )
        oshima_officer = factory.Trait(
            role=Role.BUREAU, is_staff=True, bureau=factory.LazyFunction(lambda: bureau("oshima"))
        )
        hq = factory.Trait(role=Role.HQ, is_staff=True)
        advisor = factory.Trait(role=Role.ADVISOR)


class UnitFactory(factory.django.DjangoModelFactory):
    """A 課 of 札幌市 by default; ``parent=`` makes a 係, ``bureau=`` a bureau's unit."""

    class Meta:
        model = Unit

    municipality = factory.LazyFunction(lambda: municipality("011002"))
    bureau = None
    parent = None
    kind = factory.LazyAttribute(lambda o: Unit.Kind.SECTION if o.parent else Unit.Kind.DIVISION)
    name = factory.Sequence(lambda n: f"第{n}課")

    class Params:
        hakodate = factory.Trait(municipality=factory.LazyFunction(lambda: municipality("012025")))
        ishikari = factory.Trait(
            municipality=None, bureau=factory.LazyFunction(lambda: bureau("ishikari"))
        )
        oshima = factory.Trait(
            municipality=None, bureau=factory.LazyFunction(lambda: bureau("oshima"))
        )


class AccessRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessRequest

    user = factory.SubFactory(UserFactory)
    municipality = factory.LazyFunction(lambda: municipality("012173"))
    department = "企画課"


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    category = factory.LazyFunction(lambda: ConsultationCategory.objects.get(code="general"))
    asker = factory.SubFactory(UserFactory, sapporo=True)
    municipality = factory.LazyAttribute(lambda o: o.asker.municipality)
    bureau = factory.LazyAttribute(lambda o: o.municipality.bureau if o.municipality else None)
    asker_name = factory.LazyAttribute(lambda o: o.asker.name)
    asker_email = factory.LazyAttribute(lambda o: o.asker.email)
    subject = "補助制度について"
    question = "対象経費を教えてください。"
