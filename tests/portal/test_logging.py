import json
import logging

import pytest

from portal.logging import JSONFormatter

pytestmark = pytest.mark.django_db


def test_each_request_logs_one_line_without_personal_data(client, sapporo_staff, caplog):
    client.force_login(sapporo_staff)
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get("/municipalities/?name=山田太郎&email=taro@example.jp")
    [record] = [r for r in caplog.records if r.name == "portal.requests"]
    line = JSONFormatter().format(record)
    entry = json.loads(line)
    assert entry["path"] == "/municipalities/"
    assert entry["status"] == 200
    assert entry["user_id"] == sapporo_staff.pk
    assert entry["duration_ms"] >= 0
    assert "山田" not in line and "taro@example.jp" not in line
    assert sapporo_staff.email not in line
