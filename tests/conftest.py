"""Shared fixtures. Tests that read ../shared skip with a clear reason when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared"))
SAMPLE = SHARED / "examples" / "asharq-two-articles.txt"
SAMPLE_GOLD = SHARED / "examples" / "asharq-two-articles.gold.json"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def need_shared(path: Path) -> Path:
    """Skip the calling test when a file or folder of ../shared is missing (a user's fresh clone)."""
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads ../shared, which only CI and developers have")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return need_shared(SHARED)


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return need_shared(SAMPLE)


@pytest.fixture(scope="session")
def sample_gold_path() -> Path:
    return need_shared(SAMPLE_GOLD)


@pytest.fixture(scope="session")
def sample_gold(sample_gold_path) -> dict:
    """The human reading of the sample: expected values come from here, not copied into tests."""
    import json

    return json.loads(sample_gold_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return need_shared(CORPUS)


@pytest.fixture(scope="session")
def sample_articles(sample_path):
    """The sample dump read and segmented (no NLP): the two Article records."""
    from newsgraph.ingest import read_inputs
    from newsgraph.segment import segment

    articles = []
    for doc in read_inputs([sample_path]):
        articles.extend(segment(doc))
    return articles
