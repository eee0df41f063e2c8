"""What each kind of receiver is sent: Slack Block Kit, a Teams Adaptive Card, or signed JSON.

A message is built once from facts the emitting service chose (aggregates and names, never an
answer or a private note) and only shaped differently per receiver.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    event: str
    program: str
    title: str
    text: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    link: str = ""


def slack(message: Message) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": message.title[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": _escape_slack(message.text)}},
    ]
    if message.facts:
        blocks.append(
            {
                "type": "section",
                "fields": [
                    {"type": "mrkdwn", "text": f"*{_escape_slack(k)}*\n{_escape_slack(v)}"}
                    for k, v in message.facts[:10]
                ],
            }
        )
    context = _escape_slack(message.program)
    if message.link:
        context += f" · <{message.link}|Open in Upward>"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})
    return {"text": f"{message.title}: {message.text}", "blocks": blocks}


def teams(message: Message) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": message.title,
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        },
        {"type": "TextBlock", "text": message.text, "wrap": True},
    ]
    if message.facts:
        body.append(
            {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in message.facts]}
        )
    body.append({"type": "TextBlock", "text": message.program, "isSubtle": True, "wrap": True})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if message.link:
        card["actions"] = [
            {"type": "Action.OpenUrl", "title": "Open in Upward", "url": message.link}
        ]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


def generic(message: Message, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": message.event,
        "program": message.program,
        "title": message.title,
        "text": message.text,
        "data": data,
        "link": message.link or None,
    }


def encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, timestamp: str, payload: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", so a captured request cannot be replayed later with
    a new timestamp. Receivers compare with hmac.compare_digest and reject old timestamps."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + payload, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _escape_slack(text: str) -> str:
    # Slack's mrkdwn treats these three as control characters (mentions, links).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
