"""FOI request use cases, one module a job: ``requests`` (a request, its requester, due dates
and documents), ``decisions`` (the review decisions), ``marks`` (what the officer adds by hand:
drawn and searched boxes, page dispositions), ``jobs`` (package jobs and release) and ``views``
(the JSON the pages' scripts read).

Each function works inside the caller's transaction and records its audit event there (ids,
counts and codes only: never a searched term or a page's text); the caller commits, then
enqueues. A released request is locked: every change is refused with 409.
"""
