"""Extraction stages: each adds one kind of annotation to a Doc."""
