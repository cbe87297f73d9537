"""One reader per input type: bytes in, ``Document`` out."""
