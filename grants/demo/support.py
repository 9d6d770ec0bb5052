"""Demo data of F2–F4 (bureau policy projects, national grants advice, ふるさと納税
support), loaded in one go once the kernel's demo users exist."""

from .furusato import demo_companies, demo_matching, demo_seminars
from .furusato_portals import demo_consultations, demo_portal_sites
from .national import demo_national
from .projects import demo_policy_projects


def load_support_demo(stdout) -> None:
    """Demo data of F2–F4 (safe to run again): bureau projects of 石狩 and 渡島, national
    programmes and an FAQ entry, ふるさと納税 seminars with a waiting list and materials,
    an approved and a pending company, projects seeking support and a match."""
    from portal.models import User

    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.example.jp")}
    needed = {
        "hq@demo.example.jp",
        "ishikari-officer@demo.example.jp",
        "oshima-officer@demo.example.jp",
        "sapporo@demo.example.jp",
        "hakodate@demo.example.jp",
    }
    if not needed <= set(users):
        return
    demo_policy_projects(users)
    demo_national(users)
    companies = demo_companies(users)
    demo_matching(users, companies)
    demo_seminars(users)
    demo_consultations(users)
    demo_portal_sites(users)
    stdout.write("Grants F2–F4: policy projects, national grants, ふるさと納税 demo ready.")
