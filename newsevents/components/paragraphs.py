"""spaCy component ``newsevents_paragraphs``: a blank line always ends a sentence.

Wire copy puts headlines, captions and "Related coverage" lists on lines of their own with no
final full stop; without this the parser glues them into one long sentence and codes events
across unrelated headlines.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsevents_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
