"""Widgets only display: attributes go down, messages come up."""
