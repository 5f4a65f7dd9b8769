"""Strategy Discussion Handbook calculators: answers computed from the rulebook in ``procedures/``.

Standard library only, so the same code runs under CPython and in the browser under
Pyodide. ``python -m calculators --help`` shows the command line.
"""

from .deadlines import deadlines
from .errors import InputError, InputErrors, RulebookError
from .rulebook import load

__all__ = ["deadlines", "load", "InputError", "InputErrors", "RulebookError"]
__version__ = "0.1.0"
