"""One module of checkers per lesson: `from helpers.exercises import lesson01 as check`."""
