"""search 0001–0010 squashed: a fresh database is built by this one migration.

Written by hand: ``squashmigrations`` cannot carry the vendor-specific SQL of the old chain, and its
data rewrites have nothing to do here. This migration creates the final state of 0001–0010:

- the four tables with their final fields (``lat_band`` of 0007 and ``area_centi`` of 0010 last, as the
  old chain added them), indexes and constraints;
- the full-text index of 0002: on SQLite the FTS5 table over ``search_searchbuilding.tokens`` and its
  three triggers, on PostgreSQL the GIN index over ``array_to_tsvector``;
- the storage parameters of 0007 on PostgreSQL (``autovacuum_*`` scale factors, ``parallel_workers = 0``);
- one ``ANALYZE search_searchunit`` (0004, 0005, 0007, 0009 and 0010 each ran one; on SQLite the first
  creates ``sqlite_stat1``, which the old chain leaves behind).

Elided, because they only rewrite existing rows: the ``lat_band`` fill of 0007, the positional-token
rewrite (and FTS5 ``optimize``) of 0008, the ``area_centi`` fill of 0010. Django runs a squashed
migration only on a database where none of the migrations it replaces has been applied, so these tables
do not exist before it runs and have no rows to rewrite; the index is derived data anyway, filled by
``sumai search_rebuild`` from the registry.

A database that applied all of 0001–0010 records this migration as applied without running it; one
that applied only some of them finishes along the old migrations. The old files stay for that reason;
a later release deletes them (and ``replaces``) once every database has passed 0010.
tests/migrations/test_squash.py checks, on SQLite and on PostgreSQL, that this migration builds the
same schema, indexes, triggers and table settings as the old chain.
"""

import django.db.models.deletion
from django.db import migrations, models

# 0002: the full-text index over the buildings' tokens, read verbatim (no database tokenizer rules apply:
# SQLite's unicode61 splits only at the spaces between tokens, PostgreSQL builds the tsvector with
# array_to_tsvector).
FULLTEXT = {
    "sqlite": [
        "CREATE VIRTUAL TABLE search_building_fts USING fts5(tokens, content='search_searchbuilding', "
        "content_rowid='building_id', tokenize='unicode61 remove_diacritics 0')",
        "CREATE TRIGGER search_building_fts_ai AFTER INSERT ON search_searchbuilding BEGIN "
        "INSERT INTO search_building_fts(rowid, tokens) VALUES (new.building_id, new.tokens); END",
        "CREATE TRIGGER search_building_fts_ad AFTER DELETE ON search_searchbuilding BEGIN "
        "INSERT INTO search_building_fts(search_building_fts, rowid, tokens) "
        "VALUES ('delete', old.building_id, old.tokens); END",
        "CREATE TRIGGER search_building_fts_au AFTER UPDATE ON search_searchbuilding BEGIN "
        "INSERT INTO search_building_fts(search_building_fts, rowid, tokens) "
        "VALUES ('delete', old.building_id, old.tokens); "
        "INSERT INTO search_building_fts(rowid, tokens) VALUES (new.building_id, new.tokens); END",
    ],
    "postgresql": [
        "CREATE INDEX search_building_tokens_gin ON search_searchbuilding "
        "USING gin (array_to_tsvector(string_to_array(tokens, ' ')))",
    ],
}
FULLTEXT_REVERSE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS search_building_fts_au",
        "DROP TRIGGER IF EXISTS search_building_fts_ad",
        "DROP TRIGGER IF EXISTS search_building_fts_ai",
        "DROP TABLE IF EXISTS search_building_fts",
    ],
    "postgresql": ["DROP INDEX IF EXISTS search_building_tokens_gin"],
}


def fulltext(apps, schema_editor):
    for sql in FULLTEXT.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def fulltext_reverse(apps, schema_editor):
    for sql in FULLTEXT_REVERSE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def tune_postgres(apps, schema_editor):
    """0007: two storage settings of the index tables on PostgreSQL (docs/operations.md): vacuum after 1 %
    of rows change, not 20 % (the counts are index-only scans), and no parallel scans (every search is a
    short query that stops at a LIMIT)."""
    if schema_editor.connection.vendor == "postgresql":
        for table in ("search_searchunit", "search_searchbuilding"):
            schema_editor.execute(
                f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0.01,"
                " autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02,"
                " parallel_workers = 0)"
            )


def analyse(apps, schema_editor):
    """Planner statistics, as the old chain's ANALYZEs left them (on SQLite: the sqlite_stat1 table)."""
    schema_editor.execute("ANALYZE search_searchunit")


class Migration(migrations.Migration):

    replaces = [
        ('search', '0001_initial'),
        ('search', '0002_fulltext'),
        ('search', '0003_opendatasnapshot'),
        ('search', '0004_more_indexes'),
        ('search', '0005_covering_indexes'),
        ('search', '0006_index_state_without_count'),
        ('search', '0007_latitude_bands'),
        ('search', '0008_positional_tokens'),
        ('search', '0009_covering_rent_index'),
        ('search', '0010_integer_area'),
    ]

    initial = True

    dependencies = [
        ('registry', '0004_importjob'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchBuilding',
            fields=[
                ('building', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_entry', serialize=False, to='registry.building')),
                ('text', models.TextField(help_text='folded name and address, for the exact substring check')),
                ('tokens', models.TextField(help_text='space-separated unigram and bigram tokens (full-text index)')),
            ],
            options={
                'verbose_name': 'search entry of a building',
            },
        ),
        migrations.CreateModel(
            name='IndexState',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('changed_at', models.DateTimeField()),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='index_state_singleton')],
            },
        ),
        migrations.CreateModel(
            name='SearchUnit',
            fields=[
                ('unit', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_entry', serialize=False, to='registry.unit')),
                ('prefecture_code', models.CharField(max_length=2)),
                ('municipality_code', models.CharField(max_length=6)),
                ('city_code', models.CharField(help_text='the designated city of a ward; else the municipality', max_length=6)),
                ('rent_total', models.PositiveIntegerField(help_text='rent + common fee, yen per month')),
                ('rent', models.PositiveIntegerField()),
                ('common_fee', models.PositiveIntegerField()),
                ('floor_area_m2', models.DecimalField(decimal_places=2, max_digits=7)),
                ('layout', models.CharField(max_length=10)),
                ('groups', models.BigIntegerField(help_text='bit set of accepted priority groups (sumai.search.groups)')),
                ('dedicated', models.BooleanField()),
                ('barrier_free', models.BooleanField()),
                ('pets_allowed', models.BooleanField()),
                ('guarantor_required', models.BooleanField()),
                ('vacancy', models.CharField(max_length=12)),
                ('vacancy_confirmed_at', models.DateTimeField(null=True)),
                ('lat', models.FloatField(null=True)),
                ('lon', models.FloatField(null=True)),
                ('registered_on', models.DateField()),
                ('indexed_at', models.DateTimeField()),
                ('building', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.building')),
                ('lat_band', models.IntegerField(help_text='floor(lat × LAT_BANDS_PER_DEGREE): the latitude band of the radius search', null=True)),
                ('area_centi', models.PositiveIntegerField(help_text='the floor area in hundredths of a m², what the search filters and sorts by (integers sort several times faster than decimals on PostgreSQL)')),
            ],
            options={
                'verbose_name': 'search entry of a unit',
                'indexes': [
                    models.Index(fields=['municipality_code', 'rent_total', 'unit'], name='su_muni_rent'),
                    models.Index(fields=['prefecture_code', 'rent_total', 'unit'], name='su_pref_rent'),
                    models.Index(fields=['rent_total', 'unit', 'building', 'groups'], name='su_rent_building_groups'),
                    models.Index(condition=models.Q(('vacancy', 'vacant')), fields=['municipality_code', 'rent_total', 'unit'], name='su_vacant_muni_rent'),
                    models.Index(condition=models.Q(('vacancy', 'vacant')), fields=['prefecture_code', 'rent_total', 'unit'], name='su_vacant_pref_rent'),
                    models.Index(condition=models.Q(('vacancy', 'vacant')), fields=['rent_total', 'unit'], name='su_vacant_rent'),
                    models.Index(fields=['lat_band', 'lon', 'lat', 'unit'], name='su_band_lon_lat'),
                    models.Index(fields=['registered_on', 'unit'], name='su_newest'),
                    models.Index(fields=['building', 'rent_total', 'unit'], name='su_building_rent'),
                    models.Index(fields=['prefecture_code', 'barrier_free', 'guarantor_required', 'rent_total', 'unit'], name='su_pref_bf_guarantor'),
                    models.Index(fields=['prefecture_code', 'layout', 'area_centi', 'unit'], name='su_pref_layout_area_centi'),
                ],
            },
        ),
        migrations.CreateModel(
            name='OpenDataSnapshot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField()),
                ('municipality_code', models.CharField(max_length=6)),
                ('registered_units', models.PositiveIntegerField()),
                ('vacant_units', models.PositiveIntegerField(help_text='vacant and confirmed within the validity period')),
                ('dedicated_units', models.PositiveIntegerField()),
                ('buildings', models.PositiveIntegerField()),
                ('taken_at', models.DateTimeField(help_text='when the counts were taken')),
            ],
            options={
                'verbose_name': 'open-data snapshot row',
                'constraints': [models.UniqueConstraint(fields=('date', 'municipality_code'), name='opendata_snapshot_unique'), models.CheckConstraint(condition=models.Q(('vacant_units__lte', models.F('registered_units')), ('dedicated_units__lte', models.F('registered_units')), ('buildings__lte', models.F('registered_units'))), name='opendata_snapshot_counts_consistent')],
            },
        ),
        migrations.RunPython(fulltext, fulltext_reverse),
        migrations.RunPython(tune_postgres, migrations.RunPython.noop),
        migrations.RunPython(analyse, migrations.RunPython.noop),
    ]
