"""The learner's side of the room dashboard (workshop/room/): each check's result, sent to the
instructor's page when the lesson runs on the workshop's JupyterHub.

On a hub, every kernel has the learner's own hub token (JUPYTERHUB_API_TOKEN); the hub's
configuration gives the dashboard's address (COURSE_ROOM_URL). `report_check` puts the result
on a small queue and returns at once: a daemon thread sends it with a short timeout, and drops
it without a word when the room is gone or busy. Off a hub it does nothing and prints nothing.
"""

from __future__ import annotations

import os
import queue
import threading
from typing import Any

import httpx

__all__ = ["report_check"]

TIMEOUT = 2.0  # seconds: a room that does not answer by then is gone
MAX_WAITING = 50  # reports waiting to be sent; more are dropped, never waited for
MAX_STEP = 300  # characters of the failing step's first line

_queue: queue.Queue[dict[str, Any]] = queue.Queue(MAX_WAITING)
_started = threading.Lock()
_sender: threading.Thread | None = None


def _room() -> tuple[str, str] | None:
    """(the dashboard's URL for reports, the learner's hub token), or None off a hub."""
    token, api, room = (os.environ.get(name, "") for name in ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL", "COURSE_ROOM_URL"))
    if not (token and api and room):
        return None
    return room.rstrip("/") + "/api/checks", token


def report_check(exercise: str, lesson: str, passed: bool, failed_step: str | None, hint_asked: bool) -> None:
    """Tell the room's dashboard how a check went; never raises, never waits."""
    global _sender
    try:
        room = _room()
        if room is None:
            return
        step = (failed_step or "").strip().splitlines()[0][:MAX_STEP] if failed_step and failed_step.strip() else None
        report = {"exercise": exercise, "lesson": lesson, "passed": passed, "failed_step": step, "hint_asked": hint_asked}
        with _started:
            if _sender is None:
                print("This room's instructor sees your check results (passed or not, and the step that failed).")
                _sender = threading.Thread(target=_send_forever, args=room, name="room-reports", daemon=True)
                _sender.start()
        _queue.put_nowait(report)
    except Exception:  # a full queue, or anything else: the learner's check matters, not the report
        pass


def _send_forever(url: str, token: str) -> None:
    with httpx.Client(timeout=TIMEOUT, trust_env=False, headers={"Authorization": f"token {token}"}) as client:
        while True:
            report = _queue.get()
            try:
                client.post(url, json=report)
            except Exception:  # the room is gone, or slow: drop the report
                pass
