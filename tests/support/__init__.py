"""Shared test helpers (the loopback demo server, fixture loading)."""
