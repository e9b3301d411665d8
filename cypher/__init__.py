"""The query catalog's texts: one ``<area>/<name>.cypher`` file per statement.

Loaded by :mod:`graph.catalog`. ``<name>.ladybug.cypher`` replaces ``<name>.cypher``
on LadybugDB where the dialects cannot share one text; ``_<name>.fragment.cypher``
files are pieces included into queries with ``{{area/name}}`` (static text only).
"""
