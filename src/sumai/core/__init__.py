"""The kernel every app may import; it imports no app.

What is here (docs/architecture.md, "The kernel"): who acts (:mod:`access`, :mod:`actor`, :mod:`roles`),
the permissions table that apps register their rows with (:mod:`rules`, :mod:`permissions`), errors
(:mod:`errors`), side effects after commit (:mod:`transactions`), notifications with recorded deliveries
(:mod:`notifications`), uploads (:mod:`uploads`), CSV reading (:mod:`csvio`), the API kit (:mod:`api`), view
helpers (:mod:`views`), the request id (:mod:`requestctx`), audit actions (:mod:`audit`), the workflow engine
(:mod:`workflow`) and the contributions apps make to each other's pages (:mod:`contributions`).
"""
