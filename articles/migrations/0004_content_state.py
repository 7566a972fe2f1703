from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("articles", "ContentState").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_idempotency_records")]

    operations = [
        migrations.CreateModel(
            name="ContentState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=1)),
            ],
            options={"verbose_name": "content state"},
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
