"""Targets read the metric registry: no choices frozen here, parameters
instead of a type of service, the unit from the metric, ceilings and
ranges, targets for each province; snapshots keep their caveat count."""

from django.db import migrations, models


def service_kind_to_parameters(apps, schema_editor):
    """A target's type of service becomes its metric's `kind` parameter."""
    targets = apps.get_model("benchmarking", "Target").objects
    for target in targets.exclude(service_kind=""):
        target.parameters = {"kind": target.service_kind}
        target.save(update_fields=["parameters"])


def parameters_to_service_kind(apps, schema_editor):
    targets = apps.get_model("benchmarking", "Target").objects
    for target in targets.all():
        target.service_kind = (target.parameters or {}).get("kind", "")
        target.save(update_fields=["service_kind"])


class Migration(migrations.Migration):
    dependencies = [
        ("benchmarking", "0001_programme_targets"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="target",
            name="target_service_kind_for_services_only",
        ),
        migrations.RemoveField(
            model_name="target",
            name="unit",
        ),
        migrations.AddField(
            model_name="snapshot",
            name="caveat_value",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=14,
                null=True,
                verbose_name="counted on an assumption",
            ),
        ),
        migrations.AddField(
            model_name="target",
            name="applies_to",
            field=models.CharField(
                choices=[
                    ("national", "The national value"),
                    (
                        "each_province",
                        "Each of its provinces: every one must reach its own value",
                    ),
                ],
                default="national",
                help_text="“Each of its provinces”: the provinces listed below, each with its own value; the target's status is its worst province's.",
                max_length=16,
                verbose_name="applies to",
            ),
        ),
        migrations.AddField(
            model_name="target",
            name="lower_bound",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="For “between”: the least value that counts as reached.",
                max_digits=12,
                null=True,
                verbose_name="lower bound",
            ),
        ),
        migrations.AddField(
            model_name="target",
            name="parameters",
            field=models.JSONField(blank=True, default=dict, verbose_name="parameters"),
        ),
        migrations.RunPython(service_kind_to_parameters, parameters_to_service_kind),
        migrations.RemoveField(
            model_name="target",
            name="service_kind",
        ),
        migrations.AlterField(
            model_name="target",
            name="direction",
            field=models.CharField(
                choices=[
                    ("at_least", "At least the target value"),
                    ("at_most", "At most the target value (a ceiling)"),
                    ("between", "Between the lower bound and the target value"),
                ],
                default="at_least",
                max_length=8,
                verbose_name="direction",
            ),
        ),
        migrations.AlterField(
            model_name="target",
            name="metric",
            field=models.CharField(max_length=32, verbose_name="metric"),
        ),
        migrations.AddConstraint(
            model_name="target",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("direction", "between"),
                        ("lower_bound__gte", 0),
                        ("lower_bound__isnull", False),
                        ("lower_bound__lt", models.F("target_value")),
                    ),
                    models.Q(
                        models.Q(("direction", "between"), _negated=True),
                        ("lower_bound__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="target_lower_bound_for_between_only",
                violation_error_message="“Between” needs a lower bound below the target value; the other directions take none.",
            ),
        ),
    ]
