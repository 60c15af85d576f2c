"""extras 0001_initial to 0005_job_run_permission as one migration, for a fresh database; see
netkeel/core/migrations/_batched.py. The data steps are the originals' functions, imported from them.
"""

import uuid
from importlib import import_module

import django.core.serializers.json
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from netkeel.core.migrations._batched import BatchedMigration, RepeatableRunPython

_default_statuses = import_module("netkeel.extras.migrations.0002_default_statuses")


class Migration(BatchedMigration):
    replaces = [
        ("extras", "0001_initial"),
        ("extras", "0002_default_statuses"),
        ("extras", "0003_note"),
        ("extras", "0004_changelog_jobs_custom_fields_webhooks"),
        ("extras", "0005_job_run_permission"),
    ]

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Note",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("assigned_object_id", models.UUIDField()),
                ("user_name", models.CharField(blank=True, editable=False, max_length=150)),
                ("note", models.TextField()),
                (
                    "assigned_object_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="notes",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "ordering": ["created"],
                "indexes": [
                    models.Index(fields=["assigned_object_type", "assigned_object_id"], name="extras_note_object")
                ],
            },
        ),
        migrations.CreateModel(
            name="Role",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100, unique=True)),
                (
                    "color",
                    models.CharField(
                        default="9e9e9e",
                        max_length=6,
                        validators=[
                            django.core.validators.RegexValidator(
                                message="Enter a colour as six lowercase hexadecimal digits, such as 4caf50.",
                                regex="^[0-9a-f]{6}$",
                            )
                        ],
                    ),
                ),
                ("description", models.CharField(blank=True, max_length=200)),
                ("weight", models.PositiveSmallIntegerField(blank=True, null=True)),
                (
                    "content_types",
                    models.ManyToManyField(blank=True, related_name="roles", to="contenttypes.contenttype"),
                ),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "ordering": ["weight", "name"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Status",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100, unique=True)),
                (
                    "color",
                    models.CharField(
                        default="9e9e9e",
                        max_length=6,
                        validators=[
                            django.core.validators.RegexValidator(
                                message="Enter a colour as six lowercase hexadecimal digits, such as 4caf50.",
                                regex="^[0-9a-f]{6}$",
                            )
                        ],
                    ),
                ),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "content_types",
                    models.ManyToManyField(blank=True, related_name="statuses", to="contenttypes.contenttype"),
                ),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "verbose_name_plural": "statuses",
                "ordering": ["name"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Tag",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100, unique=True)),
                (
                    "color",
                    models.CharField(
                        default="9e9e9e",
                        max_length=6,
                        validators=[
                            django.core.validators.RegexValidator(
                                message="Enter a colour as six lowercase hexadecimal digits, such as 4caf50.",
                                regex="^[0-9a-f]{6}$",
                            )
                        ],
                    ),
                ),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "content_types",
                    models.ManyToManyField(blank=True, related_name="tags", to="contenttypes.contenttype"),
                ),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "ordering": ["name"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="CustomField",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                (
                    "key",
                    models.CharField(
                        max_length=50,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z][a-z0-9_]*$",
                                "A key is lowercase letters, digits and underscores, starting with a letter.",
                            )
                        ],
                    ),
                ),
                ("label", models.CharField(max_length=50)),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("text", "Text"),
                            ("integer", "Integer"),
                            ("boolean", "Boolean (true/false)"),
                            ("date", "Date"),
                            ("url", "URL"),
                            ("json", "JSON"),
                            ("select", "Selection"),
                            ("multi-select", "Multiple selection"),
                        ],
                        default="text",
                        max_length=50,
                    ),
                ),
                ("description", models.CharField(blank=True, max_length=200)),
                ("required", models.BooleanField(default=False)),
                ("default", models.JSONField(blank=True, null=True)),
                (
                    "filter_logic",
                    models.CharField(
                        choices=[("disabled", "Disabled"), ("loose", "Loose"), ("exact", "Exact")],
                        default="loose",
                        max_length=50,
                    ),
                ),
                ("weight", models.PositiveSmallIntegerField(default=100)),
                ("grouping", models.CharField(blank=True, max_length=255)),
                ("validation_minimum", models.BigIntegerField(blank=True, null=True)),
                ("validation_maximum", models.BigIntegerField(blank=True, null=True)),
                ("validation_regex", models.CharField(blank=True, max_length=500)),
                ("content_types", models.ManyToManyField(related_name="custom_fields", to="contenttypes.contenttype")),
            ],
            options={
                "ordering": ["weight", "label"],
            },
        ),
        migrations.CreateModel(
            name="Job",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("module_name", models.CharField(max_length=200)),
                ("job_class_name", models.CharField(max_length=100)),
                ("grouping", models.CharField(blank=True, max_length=255)),
                ("name", models.CharField(max_length=100, unique=True)),
                ("description", models.TextField(blank=True)),
                ("enabled", models.BooleanField(default=True)),
                ("installed", models.BooleanField(default=True, help_text="False once its code is gone.")),
            ],
            options={
                "ordering": ["grouping", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("module_name", "job_class_name"), name="extras_job_unique_class")
                ],
                "permissions": [("run_job", "Can run a job")],
            },
        ),
        migrations.CreateModel(
            name="JobResult",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("name", models.CharField(max_length=255)),
                ("user_name", models.CharField(blank=True, max_length=150)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("PENDING", "Pending"),
                            ("STARTED", "Running"),
                            ("SUCCESS", "Completed"),
                            ("FAILURE", "Failed"),
                        ],
                        db_index=True,
                        default="PENDING",
                        max_length=30,
                    ),
                ),
                (
                    "task_kwargs",
                    models.JSONField(blank=True, default=dict, help_text="The inputs the job was run with."),
                ),
                ("result", models.JSONField(blank=True, help_text="What the job returned.", null=True)),
                ("traceback", models.TextField(blank=True)),
                ("date_created", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("date_started", models.DateTimeField(blank=True, null=True)),
                ("date_done", models.DateTimeField(blank=True, null=True)),
                ("queue_job_id", models.CharField(blank=True, db_index=True, max_length=100)),
                ("worker", models.CharField(blank=True, max_length=255)),
                ("netkeel_version", models.CharField(blank=True, max_length=50)),
                (
                    "job_model",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="job_results",
                        to="extras.job",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="job_results",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-date_created"],
            },
        ),
        migrations.CreateModel(
            name="JobLogEntry",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                (
                    "log_level",
                    models.CharField(
                        choices=[
                            ("debug", "Debug"),
                            ("info", "Info"),
                            ("success", "Success"),
                            ("warning", "Warning"),
                            ("failure", "Failure"),
                            ("error", "Error"),
                        ],
                        db_index=True,
                        default="info",
                        max_length=32,
                    ),
                ),
                ("grouping", models.CharField(default="main", max_length=100)),
                ("message", models.TextField(blank=True)),
                (
                    "log_object",
                    models.CharField(blank=True, help_text="The object the entry is about, as shown.", max_length=200),
                ),
                ("absolute_url", models.CharField(blank=True, max_length=500)),
                (
                    "job_result",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="job_log_entries",
                        to="extras.jobresult",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "job log entries",
                "ordering": ["created"],
            },
        ),
        migrations.CreateModel(
            name="Webhook",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("name", models.CharField(max_length=150, unique=True)),
                ("enabled", models.BooleanField(default=True)),
                ("type_create", models.BooleanField(default=False)),
                ("type_update", models.BooleanField(default=False)),
                ("type_delete", models.BooleanField(default=False)),
                (
                    "payload_url",
                    models.CharField(help_text="Where to send it; a Jinja2 template over the event.", max_length=500),
                ),
                (
                    "http_method",
                    models.CharField(
                        choices=[
                            ("GET", "GET"),
                            ("POST", "POST"),
                            ("PUT", "PUT"),
                            ("PATCH", "PATCH"),
                            ("DELETE", "DELETE"),
                        ],
                        default="POST",
                        max_length=30,
                    ),
                ),
                ("http_content_type", models.CharField(default="application/json", max_length=100)),
                (
                    "additional_headers",
                    models.TextField(blank=True, help_text="`Name: value` per line; a Jinja2 template."),
                ),
                (
                    "body_template",
                    models.TextField(blank=True, help_text="A Jinja2 template; empty sends the event as JSON."),
                ),
                (
                    "secret",
                    models.CharField(
                        blank=True, help_text="Signs the body: X-Hook-Signature (HMAC-SHA512).", max_length=255
                    ),
                ),
                ("ssl_verification", models.BooleanField(default=True)),
                ("ca_file_path", models.CharField(blank=True, max_length=4096)),
                ("content_types", models.ManyToManyField(related_name="webhooks", to="contenttypes.contenttype")),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="CustomFieldChoice",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("value", models.CharField(max_length=100)),
                ("weight", models.PositiveSmallIntegerField(default=100)),
                (
                    "custom_field",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="custom_field_choices",
                        to="extras.customfield",
                    ),
                ),
            ],
            options={
                "ordering": ["custom_field", "weight", "value"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("custom_field", "value"), name="extras_customfieldchoice_unique_value"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ObjectChange",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("time", models.DateTimeField(db_index=True)),
                ("user_name", models.CharField(blank=True, editable=False, max_length=150)),
                (
                    "request_id",
                    models.UUIDField(
                        blank=True, db_index=True, help_text="The request or job run that made it.", null=True
                    ),
                ),
                (
                    "change_context",
                    models.CharField(
                        choices=[("api", "API"), ("web", "Web"), ("job", "Job"), ("orm", "ORM")],
                        default="orm",
                        max_length=20,
                    ),
                ),
                ("change_context_detail", models.CharField(blank=True, max_length=400)),
                (
                    "action",
                    models.CharField(
                        choices=[("create", "Created"), ("update", "Updated"), ("delete", "Deleted")], max_length=20
                    ),
                ),
                ("changed_object_id", models.UUIDField()),
                ("related_object_id", models.UUIDField(blank=True, null=True)),
                ("object_repr", models.CharField(editable=False, max_length=200)),
                ("prechange_data", models.JSONField(blank=True, editable=False, null=True)),
                ("postchange_data", models.JSONField(blank=True, editable=False, null=True)),
                (
                    "changed_object_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
                (
                    "related_object_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="changes",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-time", "-id"],
                "indexes": [
                    models.Index(fields=["changed_object_type", "changed_object_id"], name="extras_change_object"),
                    models.Index(fields=["related_object_type", "related_object_id"], name="extras_change_related"),
                ],
            },
        ),
        RepeatableRunPython(_default_statuses.create_default_statuses, _default_statuses.remove_untouched_defaults),
    ]
