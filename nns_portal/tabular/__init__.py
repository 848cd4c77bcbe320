"""Tabular files (CSV and XLSX) that staff import and export: reading and writing them, the
import engine (a preview first, then the whole file or nothing) and the admin's buttons.

Each kind of file (associations, budget years, people, the meeting plan) is described by an
``ImportKind`` in its own app; columns are always matched by their names, never by position.
"""
