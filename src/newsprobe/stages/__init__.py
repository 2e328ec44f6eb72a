"""Built-in stages. Importing this package registers them (see ``newsprobe.registry.stage``)."""

from . import parse, furniture, stories, publisher, sentences, entities  # noqa: F401

# Stages from later work register themselves when their modules exist.
for _name in ("quotes", "citations", "hedges", "claims", "factchecks", "techniques"):
    try:
        __import__(f"{__name__}.{_name}")
    except ModuleNotFoundError as _e:  # pragma: no cover - only while a stage is not yet written
        if _e.name != f"{__name__}.{_name}":
            raise
