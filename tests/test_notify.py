"""``track sweep --notify``: new escalations reach a local webhook, robots and SMTP server, once each.

Every server here listens on 127.0.0.1 only, on a port the system picks.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import socketserver
import threading
import urllib.parse
from collections.abc import Iterator
from email import message_from_bytes
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from campaignflow.engine import Campaign
from campaignflow.errors import CampaignflowError
from campaignflow.notify import load_config
from campaignflow.notify.channels import sign_dingtalk
from tests.cli import track
from tests.conftest import DEFINITIONS

PLAN = DEFINITIONS / "003-zhujianju-zhenggainian.yaml"


class Hook:
    """A local HTTP server that records each POST and answers with the status and body it is told."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.status, self.answer = 200, b'{"ok": true}'
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.received.append((self.path, json.loads(body.decode("utf-8"))))
                self.send_response(hook.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(hook.answer)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Smtp:
    """A minimal SMTP server (RFC 5321's happy path) that keeps each message it is given."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        smtp = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 localhost ESMTP test\r\n")
                while line := self.rfile.readline():
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.wfile.write(b"250 localhost\r\n")
                    elif verb == b"DATA":
                        self.wfile.write(b"354 go ahead\r\n")
                        data = b""
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            data += chunk
                        smtp.messages.append(data)
                        self.wfile.write(b"250 queued\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:  # MAIL FROM, RCPT TO, RSET, NOOP
                        self.wfile.write(b"250 ok\r\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hook]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    found = Hook()
    yield found
    found.close()


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    found = Smtp()
    yield found
    found.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "track.db"
    assert track("init", path, PLAN, "--authority", "record")[0] == 0  # notifying, not who may act
    for unit in ("办公室", "规划站", "质监站"):
        assert track("enroll", path, unit, "--kind", "科室站办", "--at", "2012-02-01")[0] == 0
    return path


def finding(db: Path, unit: str, day: str) -> None:
    code, _, err = track("finding", db, unit, "--severity", "走过场", "--at", day, "--by", "巡查组")
    assert code == 0, err


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "notify.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def notified(db: Path) -> list[dict[str, Any]]:
    with Campaign.open(db) as campaign:
        return [dict(e.payload) for e in campaign.events() if e.unit == "" and e.kind == "notified"]


def test_each_new_escalation_reaches_the_webhook_once_and_a_failed_one_is_retried(
    db: Path, tmp_path: Path, hook: Hook
) -> None:
    notify = config(tmp_path, f"channels:\n  - type: webhook\n    url: {hook.url}/督办\n")
    finding(db, "办公室", "2012-02-06")
    finding(db, "规划站", "2012-02-06")
    code, out, err = track("sweep", db, "--as-of", "2012-02-07", "--notify", notify)
    assert (code, err) == (0, "通知: 已发送 2，失败 0\n")
    assert [body["unit"] for _, body in hook.received] == ["办公室", "规划站"]
    path, body = hook.received[0]
    assert urllib.parse.unquote(path) == "/督办"
    assert body["rule_name"] == "走过场,问题不具体、不细化" and body["measures"] == "全局通报"
    assert body["id"].startswith("zhujianju-zhenggainian-2012#") and "【督办】办公室" in body["text"]

    code, _, err = track("sweep", db, "--as-of", "2012-02-08", "--notify", notify)  # nothing new
    assert (code, err, len(hook.received)) == (0, "", 2)

    hook.status = 500
    finding(db, "质监站", "2012-02-09")
    code, out, err = track("sweep", db, "--as-of", "2012-02-10", "--notify", notify)
    assert code == 2 and "质监站" in out  # the sweep itself is recorded and shown
    assert err.splitlines() == [
        "通知失败: webhook: 质监站 走过场,问题不具体、不细化: HTTP 500 Internal Server Error"
        " — 下次督办扫描时重发",
        "通知: 已发送 0，失败 1",
    ]
    assert len(hook.received) == 3

    hook.status = 200
    code, _, err = track("sweep", db, "--as-of", "2012-02-13", "--notify", notify)
    assert (code, err) == (0, "通知: 已发送 1，失败 0\n")
    assert [body["unit"] for _, body in hook.received] == ["办公室", "规划站", "质监站", "质监站"]
    code, _, err = track("sweep", db, "--as-of", "2012-02-14", "--notify", notify)
    assert (code, err, len(hook.received)) == (0, "", 4)
    log = notified(db)
    assert [(p["about"], p["status"], p["attempt"]) for p in log] == [
        ("办公室", "sent", 1), ("规划站", "sent", 1), ("质监站", "failed", 1), ("质监站", "sent", 2)
    ]  # fmt: skip
    assert log[2]["error"] == "HTTP 500 Internal Server Error"


def test_escalations_recorded_before_notifying_was_set_up_are_not_sent(
    db: Path, tmp_path: Path, hook: Hook
) -> None:
    finding(db, "办公室", "2012-02-06")
    assert track("sweep", db, "--as-of", "2012-02-07")[0] == 0  # no --notify: nobody told
    notify = config(tmp_path, f"channels:\n  - type: webhook\n    url: {hook.url}\n")
    finding(db, "规划站", "2012-02-08")
    code, _, err = track("sweep", db, "--as-of", "2012-02-09", "--notify", notify)
    assert (code, err) == (0, "通知: 已发送 1，失败 0\n")
    assert [body["unit"] for _, body in hook.received] == ["规划站"]


def test_wecom_and_dingtalk_robots_get_their_own_formats_and_dingtalk_requests_are_signed(
    db: Path, tmp_path: Path, hook: Hook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DINGTALK_SECRET", "SECtest密钥")
    hook.answer = b'{"errcode": 0, "errmsg": "ok"}'
    notify = config(
        tmp_path,
        f"""channels:
  - type: wecom
    url: {hook.url}/cgi-bin/webhook/send?key=KEY
    mentioned_mobiles: ["13800000000"]
  - type: dingtalk
    url: {hook.url}/robot/send?access_token=TOKEN
    secret_env: DINGTALK_SECRET
    at_mobiles: ["13900000000"]
""",
    )
    finding(db, "办公室", "2012-02-06")
    code, _, err = track("sweep", db, "--as-of", "2012-02-07", "--notify", notify)
    assert (code, err) == (0, "通知: 已发送 2，失败 0\n")
    (wecom_path, wecom), (ding_path, ding) = hook.received
    assert wecom_path == "/cgi-bin/webhook/send?key=KEY"
    assert wecom["msgtype"] == "text" and wecom["text"]["mentioned_mobile_list"] == ["13800000000"]
    assert wecom["text"]["content"].startswith("【督办】办公室：走过场,问题不具体、不细化（第1步）\n活动：")
    assert ding["msgtype"] == "text" and ding["at"] == {"atMobiles": ["13900000000"], "isAtAll": False}
    assert ding["text"]["content"] == wecom["text"]["content"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(ding_path).query)
    assert query["access_token"] == ["TOKEN"]
    timestamp = query["timestamp"][0]
    expected = hmac.new(
        b"SECtest\xe5\xaf\x86\xe9\x92\xa5", f"{timestamp}\nSECtest密钥".encode(), hashlib.sha256
    )
    assert query["sign"] == [base64.b64encode(expected.digest()).decode()]  # parse_qs undid the quoting

    hook.answer = b'{"errcode": 310000, "errmsg": "sign not match"}'
    finding(db, "规划站", "2012-02-08")
    code, _, err = track("sweep", db, "--as-of", "2012-02-09", "--notify", notify)
    assert code == 2 and err.count("errcode 310000: sign not match") == 2


def test_dingtalk_signature_matches_the_documented_recipe() -> None:
    at = datetime.datetime(2012, 2, 7, 9, 0, tzinfo=datetime.UTC)
    signed = sign_dingtalk("https://oapi.dingtalk.com/robot/send?access_token=T", "SECabc", at)
    timestamp = str(int(at.timestamp() * 1000))
    digest = hmac.new(b"SECabc", f"{timestamp}\nSECabc".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    assert signed == f"https://oapi.dingtalk.com/robot/send?access_token=T&timestamp={timestamp}&sign={sign}"


def test_email_goes_through_a_local_smtp_server(db: Path, tmp_path: Path, smtp: Smtp) -> None:
    notify = config(
        tmp_path,
        f"""channels:
  - type: email
    host: 127.0.0.1
    port: {smtp.port}
    sender: dubanbot@example.org
    to: [leader@example.org, office@example.org]
""",
    )
    finding(db, "办公室", "2012-02-06")
    code, _, err = track("sweep", db, "--as-of", "2012-02-07", "--notify", notify)
    assert (code, err) == (0, "通知: 已发送 1，失败 0\n")
    (raw,) = smtp.messages
    mail = message_from_bytes(raw, policy=email_policy)
    assert mail["Subject"] == "【督办】办公室：走过场,问题不具体、不细化（第1步）"
    assert mail["To"] == "leader@example.org, office@example.org"
    assert "措施：全局通报" in mail.get_body().get_content()  # type: ignore[union-attr]


def test_an_unreachable_smtp_server_is_a_failed_delivery(db: Path, tmp_path: Path, smtp: Smtp) -> None:
    port = smtp.port
    smtp.close()  # nothing listens there any more
    notify = config(
        tmp_path,
        f"channels:\n  - {{type: email, host: 127.0.0.1, port: {port}, sender: a@b.c, to: [d@e.f]}}\n",
    )
    finding(db, "办公室", "2012-02-06")
    code, _, err = track("sweep", db, "--as-of", "2012-02-07", "--notify", notify)
    assert code == 2 and f"SMTP server 127.0.0.1:{port} unreachable" in err
    assert [p["status"] for p in notified(db)] == ["failed"]


def test_a_bad_notify_file_is_refused_before_anything_is_recorded(db: Path, tmp_path: Path) -> None:
    finding(db, "办公室", "2012-02-06")
    with Campaign.open(db) as campaign:
        before = len(campaign.events())
    bad = config(tmp_path, "channels:\n  - type: webhook\n    url: ftp://x\n  - type: pager\n")
    code, _, err = track("sweep", db, "--as-of", "2012-02-07", "--notify", bad)
    assert code == 1 and "Traceback" not in err
    assert f"{bad}: channels.0.webhook.url: String should match pattern" in err
    assert "channels.1: Input tag 'pager' found using 'type' does not match" in err
    with Campaign.open(db) as campaign:
        assert len(campaign.events()) == before
    broken = config(tmp_path, "channels: [\n")
    code, _, err = track("sweep", db, "--as-of", "2012-02-07", "--notify", broken)
    assert code == 1 and f"{broken}:2:1: not valid YAML" in err
    twice = config(
        tmp_path,
        "channels:\n  - {type: webhook, url: 'http://a', name: x}\n"
        "  - {type: wecom, url: 'http://b', name: x}\n",
    )
    with pytest.raises(CampaignflowError, match="channel name 'x' is used twice"):
        load_config(twice)
