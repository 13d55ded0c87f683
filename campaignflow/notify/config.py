"""``notify.yaml``: where a sweep's new escalations are sent.

::

    channels:
      - type: webhook            # any service that takes a JSON POST
        url: https://example.org/hooks/督办
        headers: {Authorization: Bearer …}
      - type: wecom              # 企业微信 group robot (群机器人)
        url: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
        mentioned_mobiles: ["13800000000"]
      - type: dingtalk           # 钉钉 group robot (自定义机器人)
        url: https://oapi.dingtalk.com/robot/send?access_token=…
        secret_env: DINGTALK_SECRET   # 加签: the robot's SEC… secret, read from the environment
      - type: email
        host: smtp.example.org
        port: 465
        ssl: true
        username: dubanbot@example.org
        password_env: SMTP_PASSWORD
        sender: dubanbot@example.org
        to: [leader@example.org]

Every channel has a ``name`` (default: its type, numbered when a type appears twice) that the
delivery log records, so renaming a channel makes its deliveries new. Secrets may be written in
the file (``secret``, ``password``) or, better, named as environment variables (``…_env``).
The file is read with ``yaml.safe_load`` and checked completely; an error names the field.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from campaignflow.errors import CampaignflowError

__all__ = ["Channel", "DingTalk", "Email", "NotifyConfig", "WeCom", "Webhook", "load_config"]


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""


class Webhook(_Base):
    """A generic JSON webhook: each escalation is POSTed as one JSON object."""

    type: Literal["webhook"]
    url: Annotated[str, Field(pattern=r"^https?://")]
    headers: dict[str, str] = Field(default_factory=dict)


class WeCom(_Base):
    """A 企业微信 group robot: a ``text`` message, optionally @-mentioning members by mobile number."""

    type: Literal["wecom"]
    url: Annotated[str, Field(pattern=r"^https?://")]
    mentioned_mobiles: list[str] = Field(default_factory=list)


class DingTalk(_Base):
    """A 钉钉 group robot: a ``text`` message; with a secret, each request is signed (加签)."""

    type: Literal["dingtalk"]
    url: Annotated[str, Field(pattern=r"^https?://")]
    secret: str = ""
    secret_env: str = ""
    at_mobiles: list[str] = Field(default_factory=list)


class Email(_Base):
    """E-mail over SMTP (plain, STARTTLS or SSL), one message per escalation."""

    type: Literal["email"]
    host: str
    port: Annotated[int, Field(ge=1, le=65535)] = 25
    ssl: bool = False
    starttls: bool = False
    username: str = ""
    password: str = ""
    password_env: str = ""
    sender: str
    to: Annotated[list[str], Field(min_length=1)]


Channel = Annotated[Webhook | WeCom | DingTalk | Email, Field(discriminator="type")]


class NotifyConfig(BaseModel):
    """The channels to notify, and how long to wait for each before counting it as failed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    channels: Annotated[list[Channel], Field(min_length=1)]
    timeout: Annotated[float, Field(gt=0, le=120)] = 10.0

    def named(self) -> list[tuple[str, Webhook | WeCom | DingTalk | Email]]:
        """Each channel with its name: given, or its type (``webhook``, ``webhook-2`` … when repeated)."""
        counts = Counter(c.type for c in self.channels if not c.name)
        seen: Counter[str] = Counter()
        found = []
        for channel in self.channels:
            if channel.name:
                found.append((channel.name, channel))
                continue
            seen[channel.type] += 1
            numbered = counts[channel.type] > 1 and seen[channel.type] > 1
            found.append((f"{channel.type}-{seen[channel.type]}" if numbered else channel.type, channel))
        names = [name for name, _ in found]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise CampaignflowError(
                f"channel name {twice[0]!r} is used twice; give each channel its own name"
            )
        return found


def load_config(path: Path) -> NotifyConfig:
    """Read and check ``notify.yaml``; every problem is reported as ``path: field: message``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise CampaignflowError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    except UnicodeDecodeError:
        raise CampaignflowError(f"{path}: not UTF-8 text") from None
    try:
        config = NotifyConfig.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{path}: {'.'.join(str(p) for p in error['loc']) or '(file)'}: {error['msg']}"
            for error in exc.errors()
        ]
        raise CampaignflowError("\n".join(problems)) from None
    config.named()
    return config
