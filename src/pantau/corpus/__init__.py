"""Across documents: near-duplicate detection, event consolidation, claim timelines."""
