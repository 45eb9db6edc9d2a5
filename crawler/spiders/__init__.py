"""Spiders of the newsarchive project."""
