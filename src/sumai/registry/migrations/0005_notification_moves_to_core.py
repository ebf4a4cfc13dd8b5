from django.db import migrations


class Migration(migrations.Migration):
    """The dashboard notice belongs to the kernel now (sumai.core.Notification); its table is kept and
    renamed by core 0001, so no notice is lost."""

    dependencies = [("registry", "0004_importjob")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Notification")]),
    ]
