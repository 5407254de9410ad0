"""The notifications API: a person's own in-app notifications."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from alongside.notifications.models import Notification
from alongside.notifications.selectors import notifications_for
from alongside.notifications.services import notifications_mark_all_read
from alongside.organizations.api_refs import require_viewer

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class ReadAllOut(Schema):
    marked: int


@router.get("/notifications", response=list[NotificationOut], summary="My latest 50 notifications")
def notification_list(request: HttpRequest) -> list[Notification]:
    return list(notifications_for(viewer=require_viewer(request)))


@router.post("/notifications/read-all", response=ReadAllOut, summary="Mark all my notifications read")
def notification_read_all(request: HttpRequest) -> ReadAllOut:
    viewer = require_viewer(request)
    return ReadAllOut(marked=notifications_mark_all_read(viewer=viewer))
