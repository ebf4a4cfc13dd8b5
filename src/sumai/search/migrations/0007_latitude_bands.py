from django.db import migrations, models

# floor(lat * 100) — the same double arithmetic as sumai.search.models.lat_band. SQLite has no FLOOR() in every
# build: CAST truncates toward zero, so one is taken off where truncation went up (negative latitudes).
FILL = {
    "postgresql": "UPDATE search_searchunit SET lat_band = FLOOR(lat * 100)::integer WHERE lat IS NOT NULL",
    "sqlite": (
        "UPDATE search_searchunit SET lat_band = CAST(lat * 100 AS INTEGER)"
        " - (lat * 100 < CAST(lat * 100 AS INTEGER)) WHERE lat IS NOT NULL"
    ),
}


def fill(apps, schema_editor):
    schema_editor.execute(FILL[schema_editor.connection.vendor])


def tune_postgres(apps, schema_editor):
    """Two storage settings of the index tables on PostgreSQL (docs/operations.md):

    - vacuum after 1 % of rows change, not 20 %: the counts are index-only scans, which skip the table only
      for pages the visibility map marks all-visible; vacancy updates clear those marks, and on a million
      units the default would leave the counts reading the table for days;
    - no parallel scans: every search is a short query that stops at a LIMIT; starting two workers cost
      10 ms of a 13 ms count (a national "accepts low income" search)."""
    if schema_editor.connection.vendor == "postgresql":
        for table in ("search_searchunit", "search_searchbuilding"):
            schema_editor.execute(
                f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0.01,"
                " autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02,"
                " parallel_workers = 0)"
            )


def analyse(apps, schema_editor):
    """Fresh planner statistics for the new index (see 0004)."""
    schema_editor.execute("ANALYZE search_searchunit")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_index_state_without_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchunit",
            name="lat_band",
            field=models.IntegerField(
                help_text="floor(lat × LAT_BANDS_PER_DEGREE): the latitude band of the radius search",
                null=True,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="searchunit",
            name="su_lat_lon_unit",
        ),
        migrations.AddIndex(
            model_name="searchunit",
            index=models.Index(fields=["lat_band", "lon", "lat", "unit"], name="su_band_lon_lat"),
        ),
        migrations.RunPython(tune_postgres, migrations.RunPython.noop),
        migrations.RunPython(analyse, migrations.RunPython.noop),
    ]
