"""Webhooks in the UI (`/extras/webhooks/`): the generic list, detail, add, edit, delete, bulk and import
pages, behind the webhook permissions like every model's. The form writes through the API serializer, so a
page refuses what `/api/extras/webhooks/` refuses (a template that does not compile, a payload URL with
credentials, a header that may not be set). The signing secret is set here and never shown: left empty on
an edit, it stays as it was."""

from __future__ import annotations

from typing import Any

from netkeel.core.ui import UIRouter
from netkeel.core.ui.forms import KeepsEmptySecrets, NetkeelModelForm, secret_field
from netkeel.core.ui.tables import table_for
from netkeel.extras.models import Webhook

COLUMNS = ("name", "content_types", "enabled", "type_create", "type_update", "type_delete", "payload_url")
WebhookTable = table_for(
    Webhook,
    fields=(*COLUMNS, "http_method", "http_content_type", "ssl_verification", "last_updated"),
    default_columns=COLUMNS,
)


class WebhookForm(KeepsEmptySecrets, NetkeelModelForm):
    secret = secret_field("Signs each body (X-Hook-Signature, HMAC-SHA512). Leave empty to keep the current secret.")
    kept_if_empty = ("secret",)

    class Meta(NetkeelModelForm.Meta):
        model = Webhook
        fields = [
            "name",
            "content_types",
            "enabled",
            "type_create",
            "type_update",
            "type_delete",
            "payload_url",
            "http_method",
            "http_content_type",
            "additional_headers",
            "body_template",
            "ssl_verification",
            "ca_file_path",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields([*self.Meta.fields[:-2], "secret", *self.Meta.fields[-2:]])


def register(router: UIRouter) -> None:
    router.register(
        Webhook,
        menu_group="Automation",
        table=WebhookTable,
        form=WebhookForm,
        detail_exclude=("secret",),
    )
