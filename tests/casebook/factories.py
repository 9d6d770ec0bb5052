"""Factories of the casebook. ``CaseStudyFactory`` writes the row directly (any status) and
indexes it like the services do; workflow tests move case studies through the services."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casebook.models import CaseStudy, JournalIssue, Status, Theme
from casebook.models.choices import population_band
from casebook.services.search import case_study_reindex
from portal import pagecache
from portal.models import Municipality


def theme(code: str) -> Theme:
    return Theme.objects.get(code=code)


class CaseStudyFactory(factory.django.DjangoModelFactory):
    """A draft of 札幌市 (石狩振興局) on tourism; ``published=True`` for a public one."""

    class Meta:
        model = CaseStudy
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"事例{n} 商店街の活性化")
    summary = "商店街の空き店舗を活用した取組。"
    municipality = factory.LazyFunction(
        lambda: Municipality.objects.select_related("bureau").get(code="011002")
    )
    bureau = factory.LazyAttribute(lambda o: o.municipality.bureau)
    region = factory.LazyAttribute(lambda o: o.municipality.bureau.region)
    fiscal_year = 2025
    pillar = "money"
    population = 1_960_000
    population_band = factory.LazyAttribute(lambda o: population_band(o.population))
    challenge = "空き店舗が増えていた。"
    actions = "空き店舗を改修して貸し出した。"
    results = "新たに5店舗が開業した。"
    status = Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if not create:
            return
        codes = extracted if extracted is not None else ["tourism"]
        self.themes.set([theme(code) for code in codes])
        case_study_reindex(case_study_id=self.pk)
        pagecache.invalidate()


class JournalIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalIssue

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"特集{n}")
    published_on = factory.LazyFunction(timezone.localdate)
    summary = "本号の紹介。"


def jpeg(width=1600, height=1000, *, gps=False, name="photo.jpg") -> SimpleUploadedFile:
    """A JPEG, with an EXIF GPS position and a camera model when ``gps``."""
    from PIL import Image

    image = Image.new("RGB", (width, height), (120, 160, 200))
    for x in range(0, width, 50):
        for y in range(0, height, 50):
            image.putpixel((x, y), (x % 255, y % 255, 90))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x0110] = "TestCam"  # Model
        exif[0x0112] = 1  # Orientation
        gps_ifd = {1: "N", 2: (43.0, 3.0, 50.0), 3: "E", 4: (141.0, 21.0, 16.0)}
        exif[0x8825] = gps_ifd
        image.save(out, format="JPEG", exif=exif.tobytes())
    else:
        image.save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
