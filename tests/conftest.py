"""Shared fixtures: the real English pipeline, loaded once per test session."""

from __future__ import annotations

import pytest

from detente.config import Settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def nlp(settings: Settings):
    from detente.nlp.model import cached_pipeline

    return cached_pipeline(settings)


@pytest.fixture(scope="session")
def pipeline(settings: Settings):
    from detente.pipeline import Pipeline

    return Pipeline(settings)
