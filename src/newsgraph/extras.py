"""Which optional features need which extra? ``need`` imports one, or names the extra to install.

The extras are declared in ``pyproject.toml`` (``[warc]``, ``[postgres]``, ``[pandas]``, ``[all]``);
a feature used without its extra raises :class:`MissingExtra`, whose message is the one line to show.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class MissingExtra(RuntimeError):
    """A feature whose optional dependency is not installed; the message names the extra."""

    def __init__(self, purpose: str, module: str, extra: str) -> None:
        self.module, self.extra = module, extra
        super().__init__(f"{purpose} needs {module}, which is not installed: pip install 'newsgraph[{extra}]'")


def need(module: str, extra: str, purpose: str) -> ModuleType:
    """Import an optional dependency, or raise :class:`MissingExtra` naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(purpose, module, extra) from None
