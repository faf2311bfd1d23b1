"""Answers a learner could write to lesson 18's exercises (see tests/test_checker_cases.py)."""

from checker_cases import stranger as shared_stranger
from checker_cases import ASYNC, add  # noqa: F401

LESSON_18 = """
from collections import defaultdict
from typing import Annotated
from fastapi import Depends, FastAPI, Query, WebSocket, WebSocketDisconnect, WebSocketException, status
app = FastAPI()
# serve
"""
add("18", LESSON_18, {
    "name": "shout",
    "solution": (
        '@app.websocket("/shout")\nasync def shout(websocket: WebSocket):\n    await websocket.accept()\n    try:\n'
        "        while True:\n            text = await websocket.receive_text()\n            await websocket.send_text(text.upper())\n"
        '            if text == "bye":\n                await websocket.close()\n                return\n'
        "    except WebSocketDisconnect:\n        pass\n"
    ),
    "right": {
        "break, another name": [("async def shout", "async def loud"), ("                return\n", "                break\n")],
        "iter_text": [("        while True:\n            text = await websocket.receive_text()\n", "        async for text in websocket.iter_text():\n")],
        "a close reason, the code written out": [("websocket.close()", 'websocket.close(code=1000, reason="bye")')],
    },
    "wrong": {
        "placeholder": ([("text.upper()", "text"), ('            if text == "bye":\n                await websocket.close()\n                return\n', "")], "'hello' gets 'hello', expected 'HELLO'"),
        "close without return": ([("                await websocket.close()\n                return\n", "                await websocket.close()\n")], "went on to receive: `return` right after closing"),
        "never closes": ([("                await websocket.close()\n                return\n", "                pass\n")], "after 'bye' the connection is still open"),
        "closes before answering 'bye'": ([("            await websocket.send_text(text.upper())\n            if text == \"bye\":\n"
                                             "                await websocket.close()\n                return\n",
                                             "            if text == \"bye\":\n                await websocket.close()\n                return\n"
                                             "            await websocket.send_text(text.upper())\n")],
                                          "/shout: the server closed the connection (code 1000) instead of answering 'bye'"),
        "accept() forgotten": ([("    await websocket.accept()\n    try:\n", "    try:\n")], "connecting to /shout was refused with HTTP 500"),
        "another close code": ([("websocket.close()", "websocket.close(code=1001)")], "closed with code 1001, expected 1000"),
        "no WebSocketDisconnect": ([("    except WebSocketDisconnect:\n        pass\n", "    finally:\n        pass\n")], "when a client leaves without 'bye', the handler raised"),
    },
})

ROOM_SETUP = LESSON_18.replace("app = FastAPI()", "from pydantic import BaseModel, Field, ValidationError\nfrom starlette.websockets import WebSocketDisconnected\napp = FastAPI()")

ROBUST = '''from pydantic import BaseModel, Field, ValidationError
from starlette.websockets import WebSocketDisconnected


class Room:
    def __init__(self):
        self.members: dict[str, WebSocket] = {}

    async def broadcast(self, message: dict):
        for member in list(self.members.values()):
            try:
                await member.send_json(message)
            except (WebSocketDisconnect, WebSocketDisconnected):
                pass  # that member is leaving; its own handler removes it


class ChatMessage(BaseModel):
    text: str = Field(min_length=1, max_length=1000)


room = Room()


@app.websocket("/chat/{name}")
async def chat(websocket: WebSocket, name: str):
    await websocket.accept()
    if name in room.members:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="That name is taken")
        return
    room.members[name] = websocket
    try:
        await room.broadcast({"event": "joined", "name": name})
        while True:
            try:
                message = ChatMessage.model_validate_json(await websocket.receive_text())
            except (ValidationError, KeyError):  # not our JSON, or a binary frame (no "text")
                await websocket.send_json({"event": "error", "detail": 'send JSON like {"text": "hi"}'})
                continue
            await room.broadcast({"event": "message", "name": name, "text": message.text})
    except (WebSocketDisconnect, WebSocketDisconnected):  # left, or found gone by a broadcast
        pass
    finally:
        if room.members.get(name) is websocket:  # our own entry, not a namesake's
            del room.members[name]
            await room.broadcast({"event": "left", "name": name})
'''

NAIVE_LOOP = '''            message = await websocket.receive_json()
            await room.broadcast({"event": "message", "name": name, "text": message["text"]})
'''
VALIDATED_LOOP = '''            try:
                message = ChatMessage.model_validate_json(await websocket.receive_text())
            except (ValidationError, KeyError):  # not our JSON, or a binary frame (no "text")
                await websocket.send_json({"event": "error", "detail": 'send JSON like {"text": "hi"}'})
                continue
            await room.broadcast({"event": "message", "name": name, "text": message.text})
'''
TAKEN = '''    if name in room.members:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="That name is taken")
        return
'''
FINALLY = '''    finally:
        if room.members.get(name) is websocket:  # our own entry, not a namesake's
            del room.members[name]
            await room.broadcast({"event": "left", "name": name})
'''
SKIPPING_SEND = '''            try:
                await member.send_json(message)
            except (WebSocketDisconnect, WebSocketDisconnected):
                pass  # that member is leaving; its own handler removes it
'''

add("18", ROOM_SETUP, {
    "name": "chat_room",
    "solution": ROBUST,
    "right": {
        "refused before accept, a dict by hand": [
            ("    await websocket.accept()\n" + TAKEN,
             "    if name in room.members:\n        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION, reason=\"taken\")\n    await websocket.accept()\n"),
            (VALIDATED_LOOP,
             '''            try:
                message = await websocket.receive_json()
            except (ValueError, KeyError):
                message = None
            text = message.get("text") if isinstance(message, dict) else None
            if not isinstance(text, str) or not 1 <= len(text) <= 1000:
                await websocket.send_json({"event": "error", "detail": "bad message"})
                continue
            await room.broadcast({"event": "message", "name": name, "text": text})
''')],
        "another name, any send error skipped": [("async def chat(", "async def chat_room("),
                                                  ("except (WebSocketDisconnect, WebSocketDisconnected):\n                pass", "except Exception:\n                pass")],
    },
    "wrong": {
        "an error event without a detail": ([(""""event": "error", "detail": 'send JSON like""", """"event": "error", "DETAIL": 'send JSON like""")],
                                            'expected a "detail" that says what was wrong'),
        "placeholder (the guide's room)": ([
            (SKIPPING_SEND, "            await member.send_json(message)\n"),
            (TAKEN, ""),
            (VALIDATED_LOOP, NAIVE_LOOP),
            ("    except (WebSocketDisconnect, WebSocketDisconnected):  # left, or found gone by a broadcast\n        pass\n" + FINALLY,
             "    except WebSocketDisconnect:\n        del room.members[name]\n        await room.broadcast({\"event\": \"left\", \"name\": name})\n"),
        ], "ada sent 'hello?': the server dropped ada's connection (no close frame: the handler crashed?)"),
        "JSON errors only": ([("except (ValidationError, KeyError):", "except ValidationError:")],
                             "ada sent a binary frame: the server dropped ada's connection"),
        "no length limits": ([("Field(min_length=1, max_length=1000)", "Field()")],
                             "ada sent '{\"text\": \"\"}': she gets {\"event\": \"message\""),
        "a taken name replaces the member": ([(TAKEN, "")], "a second 'bob' was let into the room"),
        "the connection ends after an error": ([("                continue\n", "                return\n")],
                                               "ada sent '{\"text\": 42}': the server dropped ada's connection"),
        "nobody hears who left": ([('            del room.members[name]\n            await room.broadcast({"event": "left", "name": name})\n',
                                    "            del room.members[name]\n")],
                                  "carol's connection drops: ada got nothing within 2 s"),
        "a taken name closed, but not returned": ([(TAKEN, TAKEN.replace("        return\n", ""))],
                                                  "the first bob says 'me again': ada gets {\"event\": \"joined\", \"name\": \"bob\"}"),
        "the member never removed": ([("            del room.members[name]\n            await room.broadcast",
                                       "            await room.broadcast")],
                                     "left, but cannot join again (closed with code 1008): is her old entry still in the room?"),
        "joined announced before the member is added": (
            [('    room.members[name] = websocket\n    try:\n        await room.broadcast({"event": "joined", "name": name})\n',
              '    await room.broadcast({"event": "joined", "name": name})\n    room.members[name] = websocket\n    try:\n')],
            "ada joins: ada got nothing within 2 s"),
        "a binary frame taken for a client that leaves": (
            [('            except (ValidationError, KeyError):  # not our JSON, or a binary frame (no "text")\n',
              '            except KeyError:  # a binary frame\n'
              '                await websocket.send_json({"event": "error", "detail": "send text, not bytes"})\n'
              '                return\n'
              '            except ValidationError:\n')],
            "'still here': the server"),  # (sent, or said: which comes first is the server's timing)
        "the disconnect raised again": ([("    except (WebSocketDisconnect, WebSocketDisconnected):  # left, or found gone by a broadcast\n        pass\n",
                                          "    except (WebSocketDisconnect, WebSocketDisconnected):  # left, or found gone by a broadcast\n        raise\n")],
                                        "while they chatted, the handler raised"),
    },
})


# --- answers written as a stranger would, from the exercise's text alone (issue 19, round 3) ---
from checker_cases import EXERCISES  # noqa: E402


def stranger(name: str, right: dict[str, str] | None = None, wrong: dict[str, tuple[str, str]] | None = None) -> None:
    shared_stranger("18", name, right, wrong)


def solution_of(name: str) -> str:
    return next(e for e in EXERCISES if e.lesson == "18" and e.name == name).solution


_SHOUT = solution_of("shout")
stranger("shout", right={
    "receive in the loop's condition, break on BYE": _SHOUT.replace(
        '            await websocket.send_text(text.upper())\n            if text == "bye":',
        '            answer = text.upper()\n            await websocket.send_text(answer)\n            if answer == "BYE" and text == "bye":'),
    "'Bye' in any case ends it too": _SHOUT.replace('if text == "bye":', 'if text.lower() == "bye":'),
    "close with the status constant": _SHOUT.replace("websocket.close()", "websocket.close(status.WS_1000_NORMAL_CLOSURE)"),
}, wrong={
    "'bye' sent, then waits for the client to close": (_SHOUT.replace("                await websocket.close()\n                return\n", "                continue\n"), "❌"),
    "any message with bye in it closes": (_SHOUT.replace('if text == "bye":', 'if "bye" in text:'), "the server closed the connection (code 1000) instead of answering 'bye'"),

    "title case": (_SHOUT.replace("text.upper()", "text.title()"), "❌"),
})

stranger("chat_room", right={
    "a name taken is refused before accept": ROBUST.replace(
        '    await websocket.accept()\n    if name in room.members:\n        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="That name is taken")\n        return\n',
        '    if name in room.members:\n        await websocket.close(code=status.WS_1008_POLICY_VIOLATION)\n        return\n    await websocket.accept()\n'),
}, wrong={
    "a taken name closed with 1000": (ROBUST.replace("code=status.WS_1008_POLICY_VIOLATION", "code=1000"), "❌"),
    "a taken name replaces the first": (ROBUST.replace(
        '    if name in room.members:\n        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="That name is taken")\n        return\n', ""), "❌"),
    "texts of any length": (ROBUST.replace("Field(min_length=1, max_length=1000)", "Field(min_length=1)"), "❌"),
    "an empty text accepted": (ROBUST.replace("Field(min_length=1, max_length=1000)", "Field(max_length=1000)"), "❌"),
})
