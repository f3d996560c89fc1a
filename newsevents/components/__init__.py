"""spaCy factories for newsevents' components; importing this package registers them."""

from newsevents.components import actors, attributes, events, paragraphs  # noqa: F401
