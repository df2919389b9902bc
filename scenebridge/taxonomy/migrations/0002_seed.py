"""Seeds the vocabularies from scenebridge/taxonomy/seed/ (the operator can edit them afterwards)."""

from django.db import migrations

from scenebridge.taxonomy.seeding import seed_taxonomy


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    seed_taxonomy(apps)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
