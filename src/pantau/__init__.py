"""pantau: news reports in, a sourced, queryable record of events out.

The public API::

    import pantau
    record = pantau.analyze(text, published="2025-03-13", lang="id")
    record.to_dict()  # SCHEMA.md JSON
"""

from pantau.pipeline import analyze
from pantau.record import Entity, Event, Quantity, Record, TimeSpan

__all__ = ["analyze", "Entity", "Event", "Quantity", "Record", "TimeSpan"]
__version__ = "0.1.0"
