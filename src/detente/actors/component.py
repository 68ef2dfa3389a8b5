"""detente's actor recognition as a registered spaCy component."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from detente.actors.dictionary import ActorDictionary
from detente.actors.recognize import ActorRecognizer

COMPONENT_NAME = "detente_actors"

for _name in ("actor_mentions", "place_mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class ActorComponent:
    def __init__(self, nlp: Language, user_data_dir: str = "") -> None:
        book = ActorDictionary.load(
            lambda text: [t.text for t in nlp.tokenizer(text)], user_data_dir
        )
        self.recognizer = ActorRecognizer(book)

    def __call__(self, doc: Doc) -> Doc:
        doc._.actor_mentions, doc._.place_mentions = self.recognizer.recognize(doc)
        return doc


@Language.factory(
    COMPONENT_NAME,
    default_config={"user_data_dir": ""},
    assigns=["doc._.actor_mentions", "doc._.place_mentions"],
    requires=["token.dep", "token.pos", "doc.ents"],
)
def make_actor_component(nlp: Language, name: str, user_data_dir: str) -> ActorComponent:
    return ActorComponent(nlp, user_data_dir)
