"""Latitude bands of the radius search: Python and the migration's SQL put every latitude in the same band."""

from __future__ import annotations

import math

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from sumai.search.models import LAT_BANDS_PER_DEGREE, lat_band

FILL = __import__("sumai.search.migrations.0007_latitude_bands", fromlist=["FILL"]).FILL


@pytest.mark.parametrize(
    ("lat", "band"),
    [(35.6812, 3568), (35.68, 3568), (35.0, 3500), (45.5227, 4552), (24.0, 2400), (-0.005, -1), (-1.0, -100)],
)
def test_band_of_a_latitude(lat, band):
    assert lat_band(lat) == band


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-90, max_value=90, allow_nan=False))
def test_the_migrations_sql_gives_the_same_band_as_python(lat):
    # the column is a double on both databases: the parameter must be one too (not an exact numeric)
    expression = FILL[connection.vendor].split("SET lat_band = ", 1)[1].split(" WHERE", 1)[0]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expression} FROM (SELECT CAST(%s AS DOUBLE PRECISION) AS lat) t", [lat])  # noqa: S608 - our SQL
        (band,) = cursor.fetchone()
    assert band == lat_band(lat) == math.floor(lat * LAT_BANDS_PER_DEGREE)
