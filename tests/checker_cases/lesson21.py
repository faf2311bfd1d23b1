"""Answers a learner could write to lesson 21's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

LESSON_21 = """
from functools import lru_cache
from typing import Annotated
from fastapi import Depends, FastAPI, Request
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
app = FastAPI()
# serve
"""
add("21", LESSON_21, {
    "name": "page_size",
    "solution": (
        'class ShopSettings(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix="SHOP_")\n\n    page_size: int = 10\n\n'
        "def get_shop_settings() -> ShopSettings:\n    return ShopSettings()\n\n"
        '@app.get("/page-size")\ndef page_size(settings: Annotated[ShopSettings, Depends(get_shop_settings)]):\n'
        '    return {"page_size": settings.page_size}\n'
    ),
    "right": {
        "@lru_cache": [("def get_shop_settings", "@lru_cache\ndef get_shop_settings")],
        "Field, lower-case prefix, async def": [ASYNC, ("page_size: int = 10", "page_size: int = Field(default=10)"), ('"SHOP_"', '"shop_"')],
    },
    "wrong": {
        "placeholder": ([('env_prefix="SHOP_"', ""), ("    page_size: int = 10\n", ""), ("settings.page_size}", "None}")], 'the body is {"page_size": null}, expected {"page_size": 10}'),
        "no prefix": ([('env_prefix="SHOP_"', "")], "with SHOP_PAGE_SIZE=25 the body is {'page_size': 10}: is the prefix SHOP_"),
        "text": ([("page_size: int = 10", 'page_size: str = "10"')], '"10" is text where a whole number is expected'),
        "read once": ([("def get_shop_settings() -> ShopSettings:\n    return ShopSettings()", "SETTINGS = ShopSettings()\n\ndef get_shop_settings() -> ShopSettings:\n    return SETTINGS")], "with SHOP_PAGE_SIZE=25 the body is {'page_size': 10}"),
    },
}, {
    "name": "whoami",
    "solution": '@app.get("/whoami")\ndef whoami(request: Request):\n    return {"client": request.client.host, "scheme": request.url.scheme}\n',
    "right": {
        "async def, another name": [("def whoami", "async def who_is_calling")],
        "the scope": [('request.client.host', 'request.scope["client"][0]'), ("request.url.scheme", 'request.scope["scheme"]')],
    },
    "wrong": {
        "nulls": ([("request.client.host", "None"), ("request.url.scheme", "None")], '{"client": null, "scheme": null}'),
        "placeholder (reads X-Forwarded-For itself)": ([("request.client.host", 'request.headers.get("x-forwarded-for", request.client.host).split(",")[0].strip()')], "only the last address comes from a trusted proxy"),
        "the last address of the header": ([("request.client.host", 'request.headers.get("x-forwarded-for", request.client.host).split(",")[-1].strip()')], "127.0.0.1 is one of the trusted proxies"),
        "the whole header": ([("request.client.host", 'request.headers.get("x-forwarded-for", request.client.host)')], '"client":"203.0.113.7, 198.51.100.24"'),
        "https always": ([("request.url.scheme", '"https"')], '{"client": "192.0.2.55", "scheme": "https"}, expected'),
        "X-Real-IP first": ([("request.client.host", 'request.headers.get("x-real-ip", request.client.host)')], "any other header is the client's word"),
    },
})
