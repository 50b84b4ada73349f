"""``newsgraph train ...``: reproduce the learned weights shipped in ``newsgraph/models`` (needs the ``train`` extra)."""
