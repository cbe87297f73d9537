"""Bytes in -> Document (pages, text with character boxes, language) -> facts. Pure library."""
