"""Optional features sit behind extras; [all] installs every one; a missing one is named in one line."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from newsgraph.extras import MissingExtra, need
from newsgraph.store import StoreError, open_store

PYPROJECT = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
EXTRAS = PYPROJECT["project"]["optional-dependencies"]


def test_all_installs_every_feature_extra_and_test_installs_all():
    features = sorted(set(EXTRAS) - {"all", "test"})
    assert {"warc", "postgres"} <= set(features)
    (everything,) = EXTRAS["all"]
    name, _, listed = everything.rstrip("]").partition("[")
    assert name == "newsgraph" and sorted(listed.split(",")) == features
    assert "newsgraph[all]" in EXTRAS["test"]  # the README's test command installs every feature


def test_need_imports_or_names_the_extra(monkeypatch):
    assert need("json", "none", "reading JSON").dumps([1]) == "[1]"
    monkeypatch.setitem(sys.modules, "warcio", None)
    with pytest.raises(MissingExtra) as caught:
        need("warcio", "warc", "reading WARC files")
    assert str(caught.value) == "reading WARC files needs warcio, which is not installed: pip install 'newsgraph[warc]'"
    assert caught.value.extra == "warc" and "\n" not in str(caught.value)


def test_a_postgres_store_without_psycopg_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.delitem(sys.modules, "newsgraph.store.postgres", raising=False)
    with pytest.raises(StoreError, match=r"pip install 'newsgraph\[postgres\]'"):
        open_store("postgresql://nobody@127.0.0.1:1/none")
