"""Where do raw documents come from? ``read_inputs`` turns files, folders, globs and stdin into them.

Each input yields ``RawDocument`` records or one ``InputProblem`` per unreadable input
(or JSONL line); a bad input never stops the batch.
"""

from newsgraph.ingest.readers import read_inputs
from newsgraph.ingest.sources import DEFAULT_MAX_BYTES

__all__ = ["DEFAULT_MAX_BYTES", "read_inputs"]
