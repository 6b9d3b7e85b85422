"""Checking an exercise's answer without showing it.

Each exercise of a classroom notebook ends in a check cell: ``answers.check(answer_1,
"3f…")``. The second argument is the SHA-256 (first 16 hex digits) of the right answer in
a normal form, so the notebook can say whether an answer is right, offline, while the
answer itself stands nowhere in the students' notebook. Standard library only: the
classroom pack ships this module beside the notebooks.
"""

from __future__ import annotations

import hashlib
import numbers
from collections.abc import Iterable

NO_ANSWER = "No answer yet: write your answer in place of ... in the cell above, run it, then this."
RIGHT = "Right."
DIGITS = 1  # numbers are compared rounded to one decimal place


def normal_form(answer: object) -> str:
    """An answer as it is compared: a number rounded to one decimal ("1937.0"), a text
    without case or extra spaces, a list or set as its sorted items."""
    if hasattr(answer, "item") and callable(answer.item):  # a NumPy or pandas scalar
        answer = answer.item()
    if isinstance(answer, bool):
        return str(answer).casefold()
    if isinstance(answer, numbers.Real):
        return f"{round(float(answer), DIGITS):.{DIGITS}f}"
    if isinstance(answer, str):
        try:  # a year or a number typed as text ("1933") is the number
            return normal_form(float(answer.replace(",", "")))
        except ValueError:
            return " ".join(answer.split()).casefold().strip(" .")
    if isinstance(answer, Iterable):
        return "|".join(sorted(normal_form(item) for item in answer))
    return " ".join(str(answer).split()).casefold()


def digest(answer: object) -> str:
    """What a check cell compares an answer with."""
    return hashlib.sha256(normal_form(answer).encode("utf-8")).hexdigest()[:16]


def check(answer: object, expected: str) -> None:
    """Print whether ``answer`` is right; never the right answer (the edition's pages show
    this cell's output)."""
    if answer is Ellipsis or answer is None:
        print(NO_ANSWER)
    elif digest(answer) == expected:
        print(RIGHT)
    else:
        print(f"Not yet: {answer!r} is not the answer. Look again at the data and try again.")
