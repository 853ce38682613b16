"""The Python implementation of the conformance module API (registered globals)."""
