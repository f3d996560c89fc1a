"""The bulk attribute ruler: the model's own ``attribute_ruler`` output, token for token."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsevents.components.attributes import BulkAttributeRuler
from newsevents.pipeline import MODEL_NAME, load_pipeline

# written here to reach the ruler's exceptions: contractions, articles, auxiliaries, object
# pronouns, "but" as an adverb, expletive "there", dialect spellings, runs of whitespace
TEXTS = [
    "Tokyo didn't say whether the talks, which Beijing hasn't confirmed, would go ahead.",
    "There's no deal yet, and there are those who say it ain't coming; y'all know nothin' changed.",
    "She gave it to him but he'd already left.  It was all but over when they'd met them.",
    "I'm sure you're right: we've asked that this be done, and they'll do it if it's allowed.",
    "The minister, an envoy and a delegation of these officials met those who had protested.\n\nDo it.",
    "",
]


def _attributes(doc: Doc) -> list[tuple[str, str, str, str, str]]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_) for t in doc]


def test_same_output_as_the_models_attribute_ruler() -> None:
    nlp = spacy.load(MODEL_NAME, disable=["lemmatizer"])
    ruler = nlp.get_pipe("attribute_ruler")
    bulk = BulkAttributeRuler(ruler)
    before_ruler = spacy.load(MODEL_NAME, disable=["attribute_ruler", "lemmatizer"])
    touched = 0
    for doc in before_ruler.pipe(TEXTS):
        expected = ruler(Doc(nlp.vocab).from_bytes(doc.to_bytes()))
        got = bulk(Doc(nlp.vocab).from_bytes(doc.to_bytes()))
        assert _attributes(got) == _attributes(expected)
        touched += len(bulk._matches(got))
    assert touched >= 20  # the exception path ran, not just the per-tag arrays
    assert not bulk.residual  # every rule of this model is evaluated as arrays or lookups


def test_an_exception_overrides_the_tag_rule() -> None:
    doc = load_pipeline()("They didn't agree.")
    negation = next(t for t in doc if t.lower_ == "n't")
    assert negation.tag_ == "RB" and negation.pos_ == "PART"  # RB alone would give ADV


def test_the_pipeline_uses_it_in_place_of_the_ruler() -> None:
    names = load_pipeline().pipe_names
    assert "attribute_ruler" not in names
    assert names.index("newsevents_attributes") < names.index("lemmatizer")
