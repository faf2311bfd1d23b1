"""Helpers for the FastAPI course: serve an app live from a notebook, and check exercises.

    from helpers import serve
    server = serve(app)   # returns once the app answers at server.url
    progress()            # the exercises you have passed, lesson by lesson
    doctor()              # where this lesson runs, and what to do about any problem there
"""

from helpers.client import CourseError
from helpers.checkup import doctor, upgraded_after_import
from helpers.progress import progress
from helpers.server import LiveServer, ServerError, serve

__all__ = ["CourseError", "LiveServer", "ServerError", "doctor", "progress", "serve"]

if upgraded_after_import():  # a lesson's install cell upgraded what the kernel had imported
    print(f"Restart the kernel (on Colab: Runtime > Restart session), then run the lesson again: "
          f"{', '.join(upgraded_after_import())} changed after it was imported.")
