"""Pepr's admission edge, shared by `hostrt run --admission` and `hostrt serve`: how a request
body is read, how long a request may take, and what hostrt answers when the module gives none.

Body: as Pepr's Express (body-parser, iconv-lite) reads it — UTF-8 with a leading BOM dropped
and each invalid sequence replaced by U+FFFD.

Deadline: the module's `webhookTimeout` (Pepr's default 10 s; the API server accepts 1-30) is
when the API server gives up on the webhook. hostrt answers a little before that.

No answer: Pepr on Node has none. A callback that loops or never settles holds the request (a
loop holds the whole process) until the API server's timeout, and Kubernetes then applies the
webhook's failurePolicy, which Pepr derives from `onError` ("reject" -> Fail, else Ignore).
hostrt stops the call before that and answers what the policy decides, with the reason:
`reject` denies (status 500), `ignore` and `audit` admit unchanged with a warning (`audit` also
records an audit annotation, as Pepr does for a failed action).
"""

from __future__ import annotations

import time
from typing import Any

from hostrt import wirejson

WEBHOOK_TIMEOUT = 10.0  # Pepr's default webhookTimeout (seconds)


def decode_body(raw: bytes) -> tuple[str, str | None]:
    """The body text as Pepr's body parser reads it, and what was wrong with the bytes (or
    None)."""
    problem = None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = (f"not UTF-8 text ({exc.reason} at byte {exc.start}); answered with invalid "
                   "bytes replaced by U+FFFD, as Pepr's body parser reads them")
        text = raw.decode("utf-8", "replace")
    return text.removeprefix("\ufeff"), problem


def webhook_timeout(value: Any) -> float:
    """The module's webhookTimeout in seconds, as the API server applies it (1-30)."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return WEBHOOK_TIMEOUT
    if seconds != seconds:  # NaN
        return WEBHOOK_TIMEOUT
    return min(30.0, max(1.0, seconds))


def budgets(webhook_s: float) -> tuple[float, float]:
    """(answer_by, tick_deadline) in seconds for a webhookTimeout.

    Answer a little before the API server gives up; a runaway tick is cut short early enough
    that the isolate can be replaced and its requests retried once within that time.
    """
    answer_by = webhook_s - min(1.0, 0.2 * webhook_s)
    tick = max(0.5, answer_by / 4)
    return answer_by, tick


def review_uid(review: Any) -> Any:
    """request.uid of an AdmissionReview (object or text); None when it has none."""
    if isinstance(review, str):
        try:
            review = wirejson.loads(review)
        except ValueError:
            return None
    request = review.get("request") if isinstance(review, dict) else None
    return request.get("uid") if isinstance(request, dict) else None


def unanswered_review(review: Any, on_error: str | None, reason: str) -> dict[str, Any]:
    """The AdmissionReview hostrt answers (HTTP 200) for a request the module did not answer
    (deadline, heap cap, an isolate lost), decided by the module's `onError`."""
    response: dict[str, Any] = {"uid": review_uid(review)}
    policy = on_error or "ignore"
    if policy == "reject":
        response["allowed"] = False
        response["status"] = {"code": 500, "message": "Pepr module configured to reject on "
                                                      f"error: hostrt: {reason}"}
    else:
        response["allowed"] = True
        response["warnings"] = [f"hostrt: {reason}; allowed (onError: {policy})"]
        if policy == "audit":
            response["auditAnnotations"] = {
                str(int(time.time() * 1000)): f"Action failed: hostrt: {reason}"}
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": response}
