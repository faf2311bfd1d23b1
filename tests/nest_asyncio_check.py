"""Run by test_python_versions.py under each supported Python, as `python nest_asyncio_check.py
ORDER`: serving works with nest_asyncio2 never applied, applied before `helpers` is imported,
or applied while a server runs, from code running inside an event loop, as a cell's code does."""

import asyncio
import sys

from fastapi import FastAPI

order = sys.argv[1]
if order == "before":
    import nest_asyncio2

    nest_asyncio2.apply()

from helpers import serve  # noqa: E402


def app_saying(text: str) -> FastAPI:
    app = FastAPI()

    @app.get("/")
    def root() -> dict[str, str]:
        return {"text": text}

    return app


async def a_cell() -> None:
    assert asyncio.get_running_loop().is_running()
    server = serve(app_saying("one"))
    assert server.client.get("/").json() == {"text": "one"}
    if order == "after":
        import nest_asyncio2

        nest_asyncio2.apply()
        assert asyncio.run(asyncio.sleep(0, "nested")) == "nested"
    server = serve(app_saying("two"))  # the cell run again
    assert server.client.get("/").json() == {"text": "two"}

    @server.app.get("/")
    def redefined() -> dict[str, str]:
        return {"text": "three"}

    assert server.client.get("/").json() == {"text": "three"}
    server.stop()
    print(f"ok on Python {sys.version_info.major}.{sys.version_info.minor}")


asyncio.run(a_cell())
