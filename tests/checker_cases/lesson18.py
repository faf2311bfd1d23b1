"""Answers a learner could write to lesson 18's exercises (see tests/test_checker_cases.py)."""

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
    },
    "wrong": {
        "placeholder": ([("text.upper()", "text"), ('            if text == "bye":\n                await websocket.close()\n                return\n', "")], "'hello' gets 'hello', expected 'HELLO'"),
        "close without return": ([("                await websocket.close()\n                return\n", "                await websocket.close()\n")], "went on to receive: `return` right after closing"),
        "never closes": ([("                await websocket.close()\n                return\n", "                pass\n")], "after 'bye' the connection is still open"),
        "another close code": ([("websocket.close()", "websocket.close(code=1001)")], "closed with code 1001, expected 1000"),
        "no WebSocketDisconnect": ([("    except WebSocketDisconnect:\n        pass\n", "    finally:\n        pass\n")], "when a client leaves without 'bye', the handler raised"),
    },
}, {
    "name": "scores",
    "solution": (
        'def get_score_token(token: Annotated[str | None, Query()] = None) -> str | None:\n    if token != "let-me-in":\n'
        '        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION, reason="Invalid token")\n    return token\n\n'
        '@app.websocket("/scores")\nasync def scores(websocket: WebSocket, token: Annotated[str | None, Depends(get_score_token)]):\n'
        "    await websocket.accept()\n    totals: dict[str, int] = {}\n    try:\n        while True:\n"
        "            message = await websocket.receive_json()\n            player = message[\"player\"]\n"
        "            totals[player] = totals.get(player, 0) + message[\"points\"]\n"
        '            await websocket.send_json({"player": player, "total": totals[player]})\n'
        "    except WebSocketDisconnect:\n        pass\n"
    ),
    "right": {
        "close before accept, defaultdict": [
            ('async def scores(websocket: WebSocket, token: Annotated[str | None, Depends(get_score_token)]):\n    await websocket.accept()',
             'async def scores(websocket: WebSocket, token: str | None = None):\n    if token != "let-me-in":\n        await websocket.close(code=1008)\n        return\n    await websocket.accept()'),
            ("totals: dict[str, int] = {}", "totals = defaultdict(int)"), ("totals.get(player, 0)", "totals[player]"),
        ],
        "another name": [("async def scores", "async def scoreboard")],
    },
    "wrong": {
        "placeholder": ([('    if token != "let-me-in":\n        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION, reason="Invalid token")\n', ""), ("totals.get(player, 0) + ", "")], "a connection with no token was accepted"),
        "shared totals": ([("    totals: dict[str, int] = {}\n", ""), ('@app.websocket("/scores")', 'totals = {}\n\n@app.websocket("/scores")')], "a new connection"),
        "refused after accepting": ([('    if token != "let-me-in":\n        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION, reason="Invalid token")\n', ""),
                                     ("    await websocket.accept()\n", '    await websocket.accept()\n    if token != "let-me-in":\n        await websocket.close(code=1008)\n        return\n')], "a connection with no token was accepted"),
        "points replace the total": ([("totals.get(player, 0) + ", "")], 'gets {"player": "ada", "total": 2}, expected {"player": "ada", "total": 5}'),
    },
})
