"""Screens coordinate: they start loads, route results to widgets and navigate."""
