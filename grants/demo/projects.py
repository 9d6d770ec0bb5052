"""Demo data of the bureaus' policy projects (F2)."""

import datetime as dt

from portal.japanese import fiscal_year


def demo_policy_projects(users) -> None:
    from django.db.models import F

    from portal.models import Municipality, Region

    from ..models import PolicyProject, PolicyTheme, ProjectKPI
    from ..services import projects as services

    if PolicyProject.objects.exists():
        return
    year = fiscal_year()
    ishikari = users["ishikari-officer@demo.example.jp"]
    oshima = users["oshima-officer@demo.example.jp"]
    samples = [
        (
            ishikari,
            year - 1,
            "さっぽろ圏ワーケーション推進事業",
            "migration",
            "doo",
            ["011002", "012173", "012246"],
            "evaluated",
        ),
        (
            ishikari,
            year,
            "石狩湾岸ゼロカーボン研究会",
            "energy",
            "doo",
            ["011002", "012351"],
            "in_progress",
        ),
        (
            oshima,
            year - 1,
            "道南広域観光ルート造成事業",
            "tourism",
            "donan",
            ["012025", "012360", "013439"],
            "completed",
        ),
    ]
    for officer, project_year, title, theme, region, codes, target in samples:
        region_obj = Region.objects.filter(code=region).first() or officer.bureau.region
        project = services.policy_project_save(
            project=PolicyProject(
                fiscal_year=project_year,
                title=title,
                theme=PolicyTheme.objects.get(code=theme),
                region=region_obj,
                summary="地域の企業・大学・住民団体と連携し、地域課題の解決に取り組む。",
                description="調査、ワークショップ、実証を行い、成果を市町村と共有する。",
                start_date=dt.date(project_year, 5, 1),
                end_date=dt.date(project_year + 1, 2, 28),
            ),
            actor=officer,
        )
        project.municipalities.set(Municipality.objects.filter(code__in=codes))
        project.partners.create(name="北海道デモ大学", kind="university", role="調査・分析")
        project.partners.create(name="NPO法人まちづくりデモ", kind="npo", role="ワークショップ運営")
        project.budget_lines.create(item="委託料", planned=2_400_000, spent=2_250_000, order=1)
        project.budget_lines.create(item="報償費", planned=300_000, spent=280_000, order=2)
        project.milestones.create(title="実施計画の策定", due_on=dt.date(project_year, 6, 30))
        project.milestones.create(title="実証・検証", due_on=dt.date(project_year, 11, 30))
        ProjectKPI.objects.create(
            project=project, name="参加事業者数", unit="者", baseline=5, target=20, order=1
        )
        ProjectKPI.objects.create(
            project=project, name="ワークショップ参加者数", unit="人", target=150, order=2
        )
        if target == "planned":
            continue
        services.policy_project_start(project=project, actor=officer)
        if target == "in_progress":
            continue
        project.milestones.update(done_on=F("due_on"))
        project.kpis.filter(name="参加事業者数").update(result=24)
        project.kpis.filter(name="ワークショップ参加者数").update(result=132)
        services.policy_project_complete(
            project=project,
            actor=officer,
            results="参加事業者24者、ワークショップ参加者132人。3市町で取組が継続している。",
        )
        if target == "evaluated":
            services.policy_project_evaluate(
                project=project,
                actor=officer,
                evaluation="目標を概ね達成。来年度は対象を近隣町村に広げる。",
            )
            services.policy_project_propose_case_study(
                project=project, actor=officer, note="他地域でも応用しやすい取組です。"
            )
