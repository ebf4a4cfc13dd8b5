"""Rewrite every building's tokens in order with repeats (sumai.search.text): on SQLite a query word is now an
FTS5 phrase of its bigrams, exact without reading the building's text (docs/performance.md, public search).
The index is derived data; this is what ``sumai search_rebuild`` would write for the buildings."""

from django.db import migrations

BATCH = 2_000


def rewrite(apps, schema_editor):
    from sumai.search.text import folded_tokens

    SearchBuilding = apps.get_model("search", "SearchBuilding")
    last = 0
    while True:
        rows = list(
            SearchBuilding.objects.filter(building_id__gt=last)
            .order_by("building_id")
            .values_list("building_id", "text")[:BATCH]
        )
        if not rows:
            break
        entries = [SearchBuilding(building_id=pk, tokens=folded_tokens(text)) for pk, text in rows]
        SearchBuilding.objects.bulk_update(entries, ["tokens"])
        last = rows[-1][0]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("INSERT INTO search_building_fts(search_building_fts) VALUES ('optimize')")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_latitude_bands")]
    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
