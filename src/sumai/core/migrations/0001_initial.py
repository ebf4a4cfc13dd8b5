import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Takes over registry's notice table (renamed to core_notification) and adds e-mail deliveries."""

    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("registry", "0005_notification_moves_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("message", models.CharField(max_length=300)),
                        ("link", models.CharField(blank=True, max_length=300)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to="accounts.organisation",
                            ),
                        ),
                    ],
                    options={"ordering": ["-created_at"], "db_table": "registry_notification"},
                ),
            ],
        ),
        migrations.AlterModelTable(name="notification", table=None),
    ]
