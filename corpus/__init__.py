"""Searchable bilingual Arabic/English news corpus."""
