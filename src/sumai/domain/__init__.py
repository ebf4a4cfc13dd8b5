"""The law and the arithmetic of the Housing Safety Net system, framework-free.

Nothing in this package imports Django (import-linter enforces it). Inputs and outputs are frozen
dataclasses; every verdict carries findings or reasons with a machine code, a message key and the legal
reference. Numbers of the law live in dated parameter files under ``params/``.
"""
