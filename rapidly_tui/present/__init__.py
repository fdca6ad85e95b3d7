"""The headless presentation layer: each resource declared once.

A :class:`~rapidly_tui.present.spec.ResourceSpec` says what a resource's fields are, what
kind of value each holds, which list columns it has (priority, minimum and preferred
width), its filters, sort keys, detail sections and links. The TUI (browsers, detail
screens) and the commands both read these specs, and :mod:`rapidly_tui.present.values`
is the one place that decides how a kind of value reads. No Textual, no httpx here.
"""
