"""Sending one escalation to one channel: a JSON webhook, a 企业微信 or 钉钉 group robot, or e-mail.

The robots' message formats are their documented ones: 企业微信 ``{"msgtype": "text", "text":
{"content": …, "mentioned_mobile_list": […]}}``; 钉钉 ``{"msgtype": "text", "text": {"content": …},
"at": {"atMobiles": […]}}``, and with a secret (加签) the URL carries ``timestamp`` (milliseconds)
and ``sign`` = URL-encoded Base64 of HMAC-SHA256 over ``timestamp + "\\n" + secret``. Both answer
``{"errcode": 0, …}`` when they took the message; anything else is a failure. Only the standard
library is used (urllib, smtplib). :class:`DeliveryFailed` says why a delivery did not happen.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import smtplib
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Final

from campaignflow.errors import CampaignflowError
from campaignflow.history import Event
from campaignflow.notify.config import DingTalk, Email, Webhook, WeCom

__all__ = ["DeliveryFailed", "Notice", "send", "sign_dingtalk"]

#: The robots cut text messages at 2048 (企业微信) and about 20000 (钉钉) bytes; stay within both.
MAX_TEXT_BYTES: Final = 2000
MAX_REPLY: Final = 65536


class DeliveryFailed(CampaignflowError):
    """A channel did not take a message: unreachable, an HTTP error, or the robot's ``errcode``."""


@dataclass(frozen=True, slots=True)
class Notice:
    """One escalation as it is announced: what the sweep recorded in its ``escalated`` event."""

    seq: int
    campaign: str
    title: str
    unit: str
    rule: str
    rule_name: str
    step: int
    measures: str
    reason: str
    addressee: str
    due: str
    recorded: str

    @classmethod
    def of(cls, event: Event, campaign: str, title: str) -> Notice:
        """The notice of an ``escalated`` event of ``campaign`` (its plan title ``title``)."""
        p = event.payload
        measures = "、".join(p.get("actions", []))
        if p.get("one_of"):
            measures += ("；" if measures else "") + "/".join(p["one_of"]) + " 选一"
        return cls(
            event.seq, campaign, title, event.unit, p["rule"], p.get("name", p["rule"]), int(p["step"]) + 1,
            measures or "—", p.get("reason", ""), p.get("addressee", ""), p.get("due", ""),
            event.at.isoformat(),
        )  # fmt: skip

    @property
    def subject(self) -> str:
        """``【督办】办公室：自评报告逾期（第1步）``."""
        return f"【督办】{self.unit}：{self.rule_name}（第{self.step}步）"

    def text(self) -> str:
        """The message body, in the office's words."""
        return "\n".join(
            [
                self.subject,
                f"活动：{self.title}",
                f"单位：{self.unit}",
                f"理由：{self.reason}",
                f"措施：{self.measures}",
                f"对象：{self.addressee}",
                f"起因日期：{self.due}",
                f"督办时间：{self.recorded[:16].replace('T', ' ')}",
                f"编号：{self.campaign}#{self.seq}",
            ]
        )

    def as_dict(self) -> dict[str, Any]:
        """The generic webhook's JSON body; ``id`` (campaign#seq) lets a receiver drop a repeat."""
        return {
            "id": f"{self.campaign}#{self.seq}",
            "campaign": self.campaign,
            "title": self.title,
            "unit": self.unit,
            "rule": self.rule,
            "rule_name": self.rule_name,
            "step": self.step,
            "measures": self.measures,
            "reason": self.reason,
            "addressee": self.addressee,
            "due": self.due,
            "recorded": self.recorded,
            "text": self.text(),
        }


def _cut(text: str) -> str:
    data = text.encode("utf-8")
    if len(data) <= MAX_TEXT_BYTES:
        return text
    return data[: MAX_TEXT_BYTES - 3].decode("utf-8", errors="ignore") + "…"


def sign_dingtalk(url: str, secret: str, at: datetime.datetime) -> str:
    """``url`` with 钉钉's 加签 parameters for the moment ``at`` (the robot accepts an hour either side)."""
    timestamp = str(int(at.timestamp() * 1000))
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def _post(url: str, body: Mapping[str, Any], headers: Mapping[str, str], timeout: float) -> bytes:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    ascii_url = urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~")  # a path may be Chinese
    request = urllib.request.Request(ascii_url, data=data, method="POST")
    request.add_header("Content-Type", "application/json; charset=utf-8")
    for key, value in headers.items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return bytes(reply.read(MAX_REPLY))
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryFailed(f"unreachable ({reason})") from None


def _robot_ok(reply: bytes) -> None:
    """A robot's reply: ``errcode`` 0 means it took the message."""
    try:
        answer = json.loads(reply.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DeliveryFailed(f"not a robot's reply: {reply[:80]!r}") from None
    if not isinstance(answer, dict) or answer.get("errcode") != 0:
        code = answer.get("errcode") if isinstance(answer, dict) else None
        message = answer.get("errmsg") if isinstance(answer, dict) else answer
        raise DeliveryFailed(f"errcode {code}: {message}")


def _secret(value: str, env_name: str, env: Mapping[str, str], what: str) -> str:
    if env_name:
        found = env.get(env_name)
        if not found:
            raise DeliveryFailed(f"the environment variable {env_name} (the {what}) is not set")
        return found
    return value


def send(
    channel: Webhook | WeCom | DingTalk | Email,
    notice: Notice,
    *,
    timeout: float,
    now: datetime.datetime,
    env: Mapping[str, str],
) -> None:
    """Deliver ``notice`` through ``channel``; raises DeliveryFailed saying why it did not arrive.

    ``now`` is the moment a 钉钉 signature is made for, ``env`` where ``…_env`` secrets are read:
    both come from the caller (the command line), never from this module.
    """
    if isinstance(channel, Webhook):
        _post(channel.url, notice.as_dict(), channel.headers, timeout)
    elif isinstance(channel, WeCom):
        text: dict[str, Any] = {"content": _cut(notice.text())}
        if channel.mentioned_mobiles:
            text["mentioned_mobile_list"] = channel.mentioned_mobiles
        _robot_ok(_post(channel.url, {"msgtype": "text", "text": text}, {}, timeout))
    elif isinstance(channel, DingTalk):
        secret = _secret(channel.secret, channel.secret_env, env, "钉钉 secret")
        url = sign_dingtalk(channel.url, secret, now) if secret else channel.url
        body = {
            "msgtype": "text",
            "text": {"content": _cut(notice.text())},
            "at": {"atMobiles": channel.at_mobiles, "isAtAll": False},
        }
        _robot_ok(_post(url, body, {}, timeout))
    else:
        _mail(channel, notice, timeout, env)


def _mail(channel: Email, notice: Notice, timeout: float, env: Mapping[str, str]) -> None:
    message = EmailMessage()
    message["Subject"] = notice.subject
    message["From"] = channel.sender
    message["To"] = ", ".join(channel.to)
    message["Message-ID"] = f"<{notice.campaign}.{notice.seq}@campaignflow>"
    message.set_content(notice.text())
    password = _secret(channel.password, channel.password_env, env, "SMTP password")
    try:
        if channel.ssl:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                channel.host, channel.port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(channel.host, channel.port, timeout=timeout)
        with client:
            if channel.starttls:
                client.starttls(context=ssl.create_default_context())
            if channel.username:
                client.login(channel.username, password)
            client.send_message(message)
    except smtplib.SMTPException as exc:
        raise DeliveryFailed(f"SMTP: {exc}") from None
    except OSError as exc:
        raise DeliveryFailed(f"SMTP server {channel.host}:{channel.port} unreachable ({exc})") from None
