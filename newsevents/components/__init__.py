"""spaCy factories for newsevents' components; importing this package registers them."""

from newsevents.components import actors, events  # noqa: F401
