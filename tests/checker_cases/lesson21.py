"""Answers a learner could write to lesson 21's exercises (see tests/test_checker_cases.py)."""

from checker_cases import stranger as shared_stranger
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
        "@lru_cache\ndef get_shop_settings() -> ShopSettings:\n    return ShopSettings()\n\n"
        '@app.get("/page-size")\ndef page_size(settings: Annotated[ShopSettings, Depends(get_shop_settings)]):\n'
        '    return {"page_size": settings.page_size}\n'
    ),
    "right": {
        "no cache (a ShopSettings per request)": [("@lru_cache\ndef get_shop_settings", "def get_shop_settings")],
        "Field, lower-case prefix, async def": [ASYNC, ("page_size: int = 10", "page_size: int = Field(default=10)"), ('"SHOP_"', '"shop_"')],
    },
    "wrong": {
        "placeholder": ([('env_prefix="SHOP_"', ""), ("    page_size: int = 10\n", ""), ("settings.page_size}", "None}")], 'the body is {"page_size": null}, expected {"page_size": 10}'),
        "no prefix": ([('env_prefix="SHOP_"', "")], "with SHOP_PAGE_SIZE=25 the body is {'page_size': 10}: is the prefix SHOP_"),
        "text": ([("page_size: int = 10", 'page_size: str = "10"')], '"10" is text where a whole number is expected'),
        "read once": ([("@lru_cache\ndef get_shop_settings() -> ShopSettings:\n    return ShopSettings()", "SETTINGS = ShopSettings()\n\ndef get_shop_settings() -> ShopSettings:\n    return SETTINGS")], "with SHOP_PAGE_SIZE=25 the body is {'page_size': 10}"),
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
        "request.client without .host": ([("request.client.host", "request.client")], 'the body is {"client": ["203.0.113.7", '),
        "X-Forwarded-For read with [] (no header: a 500)": (
            [("request.client.host", 'request.headers["x-forwarded-for"].split(",")[-1].strip()')],
            "GET /whoami answers 500, expected 200"),
    },
})

LOGGING = r'''
import contextvars
import logging
import re
import time
import uuid
from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel, Field, SecretStr
app = FastAPI()
logger = logging.getLogger("shop.orders")


class KeepLines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


shop_log = KeepLines()
shop_log.setFormatter(logging.Formatter("%(levelname)s [%(request_id)s] %(name)s: %(message)s", defaults={"request_id": "-"}))
shop = logging.getLogger("shop")
shop.handlers = [shop_log]
shop.setLevel(logging.INFO)


@app.get("/orders/{order_id}")
def read_order(order_id: int):
    logger.debug("looking up order %s", order_id)
    time.sleep(0.01)
    if not 1 <= order_id <= 100:
        logger.warning("order %s not found", order_id)
        raise HTTPException(404, "Order not found")
    logger.info("order %s read", order_id)
    return {"id": order_id}


SECRET_VALUE = re.compile(r"""((?:token|password|secret|api_key)=|Bearer\s+)("[^"%]*"|'[^'%]*'|[^\s&,;"'%]+)""", re.IGNORECASE)


def redact(text: str) -> str:
    return SECRET_VALUE.sub(r"\1[REDACTED]", text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


shop_log.addFilter(RedactSecrets())
payments_log = logging.getLogger("shop.payments")


@app.get("/callbacks/payment")
def payment_callback(order: int, request: Request):
    payments_log.info("payment callback: %s", request.url.query)
    return {"order": order, "paid": True}


request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
PLAIN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


@app.middleware("http")
async def add_request_id(request: Request, call_next):
    given = request.headers.get("x-request-id", "")
    request_id = given if PLAIN_ID.fullmatch(given) else str(uuid.uuid4())
    token = request_id_var.set(request_id)
    try:
        response = await call_next(request)
    finally:
        request_id_var.reset(token)
    response.headers["X-Request-ID"] = request_id
    return response
# serve
'''
add("21", LOGGING, {
    "name": "request_id_lines",
    "solution": (
        "class RequestIdFilter(logging.Filter):\n"
        "    def filter(self, record: logging.LogRecord) -> bool:\n"
        "        record.request_id = request_id_var.get()\n"
        "        return True\n\n\n"
        "shop_log.addFilter(RequestIdFilter())\n"
    ),
    "right": {
        "a function as the filter": [(
            "class RequestIdFilter(logging.Filter):\n    def filter(self, record: logging.LogRecord) -> bool:",
            "if True:\n    def add_request_id_to(record):",
        ), ("shop_log.addFilter(RequestIdFilter())", "shop_log.addFilter(add_request_id_to)")],
        "a formatter that reads the id": [(
            "class RequestIdFilter(logging.Filter):\n    def filter(self, record: logging.LogRecord) -> bool:\n        record.request_id = request_id_var.get()\n        return True\n\n\nshop_log.addFilter(RequestIdFilter())\n",
            "class WithRequestId(logging.Formatter):\n    def format(self, record):\n        record.request_id = request_id_var.get()\n        return super().format(record)\n\n\n"
            'shop_log.setFormatter(WithRequestId("%(levelname)s [%(request_id)s] %(name)s: %(message)s"))\n',
        )],
        "a default of its own, and on every handler of shop": [
            ("request_id_var.get()", 'request_id_var.get("-")'),
            ("shop_log.addFilter(RequestIdFilter())", 'for handler in logging.getLogger("shop").handlers:\n    handler.addFilter(RequestIdFilter())'),
        ],
    },
    "wrong": {
        "placeholder (no filter)": ([("shop_log.addFilter(RequestIdFilter())", "")], "the line is 'INFO [-] shop.orders: order 3 read', expected [check-order-3]"),
        "on the parent logger": ([("shop_log.addFilter(", 'logging.getLogger("shop").addFilter(')], "the line is 'INFO [-] shop.orders: order 3 read', expected [check-order-3]"),
        "on the orders logger only": ([("shop_log.addFilter(", "logger.addFilter(")], "the line is 'INFO [-] shop.payments: payment callback: order=5', expected [check-payment-5]"),
        "a LoggerAdapter made once": ([(
            "shop_log.addFilter(RequestIdFilter())\n",
            'logger = logging.LoggerAdapter(logger, {"request_id": request_id_var.get()})\n',
        )], "the line is 'INFO [-] shop.orders: order 3 read', expected [check-order-3]"),
        "the id read when the filter is made": ([(
            "    def filter(self, record: logging.LogRecord) -> bool:\n        record.request_id = request_id_var.get()\n",
            "    request_id = request_id_var.get()\n\n    def filter(self, record: logging.LogRecord) -> bool:\n        record.request_id = self.request_id\n",
        )], "the line is 'INFO [-] shop.orders: order 3 read', expected [check-order-3]"),
        "returns nothing": ([("        return True\n", "")], "GET /orders/3 wrote no line of shop.orders"),
        "the last id kept": ([
            ("        record.request_id = request_id_var.get()\n",
             '        if request_id_var.get() != "-":\n            self.last = request_id_var.get()\n        record.request_id = getattr(self, "last", "-")\n'),
        ], "a line written outside any request is 'WARNING [check-payment-5] shop.checks"),
    },
}, {
    "name": "sign_up_log",
    "solution": (
        "from pydantic import BaseModel, Field\n\n\nclass SignUp(BaseModel):\n"
        '    username: str = Field(pattern=r"^[a-z0-9_]{3,20}$")\n'
        "    password: str = Field(min_length=12, max_length=128)\n\n\n"
        'accounts_log = logging.getLogger("shop.accounts")\n\n\n'
        '@app.post("/signups", status_code=201)\n'
        "def sign_up(signup: SignUp):\n"
        '    accounts_log.info("sign-up: %s", signup.username)\n'
        '    return {"username": signup.username}\n'
    ),
    "right": {
        "SecretStr, the whole model logged, async def": [
            ASYNC, ("    password: str = Field(", "    password: SecretStr = Field("),
            ('"sign-up: %s", signup.username', '"sign-up: %s", signup'),
        ],
        "an f-string with the username, another logger name": [
            ('"sign-up: %s", signup.username', 'f"new account: {signup.username}"'),
            ('getLogger("shop.accounts")', 'getLogger("shop.signups")'),
        ],
        "the bounds as Annotated StringConstraints, the username logged with %r": [
            ('username: str = Field(pattern=r"^[a-z0-9_]{3,20}$")',
             'username: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{3,20}$")]'),
            ("password: str = Field(min_length=12, max_length=128)",
             "password: Annotated[str, StringConstraints(min_length=12, max_length=128)]"),
            ('"sign-up: %s", signup.username', '"sign-up: %r", signup.username'),
            ("class SignUp(BaseModel):", "from typing import Annotated\nfrom pydantic import StringConstraints\n\n\nclass SignUp(BaseModel):"),
        ],
    },
    "wrong": {
        "placeholder (the whole model)": ([('"sign-up: %s", signup.username', '"sign-up: %s", signup')], "a log line holds grace's password 'c0bol-Forever-1959'"),
        "model_dump": ([('"sign-up: %s", signup.username', '"sign-up: %s", signup.model_dump()')], "{'username': 'grace', 'password': 'c0bol-Forever-1959'}"),
        "the line removed": ([('    accounts_log.info("sign-up: %s", signup.username)\n', "")], "no log line names the new user 'grace'"),
        "only at debug": ([("accounts_log.info(", "accounts_log.debug(")], "keep an INFO line that says who signed up"),
        "password in the JSON answer": ([('return {"username": signup.username}', 'return {"username": signup.username, "password": signup.password}')], 'expected {"username": "grace"}'),
        "the status code left out": ([('@app.post("/signups", status_code=201)', '@app.post("/signups")')], "POST /signups answers 200, expected 201"),
        "a password bound off by one": ([("min_length=12", "min_length=13")], "POST /signups answers 422, expected 201"),
        "the username hard-coded": ([('return {"username": signup.username}', 'return {"username": "grace"}')], 'the body is {"username": "grace"}, expected {"username": "alan_t"}'),
        "a short password logged as a warning": ([(
            '    accounts_log.info("sign-up: %s", signup.username)\n',
            '    accounts_log.info("sign-up: %s", signup.username)\n    if len(signup.password) < 14:\n'
            '        accounts_log.warning("short password for %s: %r", signup.username, signup.password)\n',
        )], "a log line holds alan_t's password 'enigma&Bombe'"),
        "the name cut short in the line": ([('"sign-up: %s", signup.username', '"sign-up: %.5s", signup.username')], "no log line names the new user 'alan_t'"),
        "the username's pattern dropped": ([('username: str = Field(pattern=r"^[a-z0-9_]{3,20}$")', "username: str")],
                                           "a username with a line break (a forged log line) is not refused (422)"),
        "SecretStr without its bounds": ([("password: str = Field(min_length=12, max_length=128)", "password: SecretStr")],
                                         "a password of 11 characters is not refused (422)"),
        "only a shortest password": ([("Field(min_length=12, max_length=128)", "Field(min_length=12)")],
                                     "a password of 129 characters is not refused (422)"),
    },
})


# --- answers written as a stranger would, from the exercise's text alone (issue 19, round 3) ---
from checker_cases import EXERCISES  # noqa: E402


def stranger(name: str, right: dict[str, str] | None = None, wrong: dict[str, tuple[str, str]] | None = None) -> None:
    shared_stranger("21", name, right, wrong)


def solution_of(name: str) -> str:
    return next(e for e in EXERCISES if e.lesson == "21" and e.name == name).solution


_PAGE = solution_of("page_size")
stranger("page_size", right={
    "an alias-free Field with ge, cached with lru_cache(maxsize=1)": _PAGE.replace("page_size: int = 10", "page_size: int = Field(10, ge=1)").replace(
        "@lru_cache\ndef get_shop_settings", "@lru_cache(maxsize=1)\ndef get_shop_settings"),
}, wrong={
    "a float page size": (_PAGE.replace("page_size: int = 10", "page_size: float = 10"), "❌"),
    "default 20": (_PAGE.replace("page_size: int = 10", "page_size: int = 20"), "❌"),
    "the prefix without its underscore": (_PAGE.replace('env_prefix="SHOP_"', 'env_prefix="SHOP"'), "❌"),
})

_WHO = solution_of("whoami")
stranger("whoami", right={
    "the client's host from the scope, the scheme from base_url": _WHO.replace("request.url.scheme", "request.base_url.scheme"),
}, wrong={
    "X-Forwarded-Proto trusted": (_WHO.replace("request.url.scheme", 'request.headers.get("x-forwarded-proto", request.url.scheme)'),
                                  "from 198.51.100.9, which is not a trusted proxy"),
    "Forwarded's for trusted": (_WHO.replace("request.client.host", 'request.headers.get("forwarded", "for=" + request.client.host).split("for=")[1].split(";")[0]'), "❌"),
})
