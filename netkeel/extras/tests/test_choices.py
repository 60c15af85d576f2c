"""Every extras choice set has Nautobot 3.2.7's values and labels."""

from __future__ import annotations

from netkeel.core.testing.reference import assert_choice_sets_match_nautobot
from netkeel.extras import choices


def test_every_extras_choice_set_is_nautobots() -> None:
    assert_choice_sets_match_nautobot(
        "extras",
        {
            choices.CustomFieldTypeChoices: "CustomField.type",
            choices.CustomFieldFilterLogicChoices: "CustomField.filter_logic",
            choices.JobResultStatusChoices: "JobResult.status",
            choices.JobResultCancelTypeChoices: "CancelTypeEnum",
            choices.LogLevelChoices: "LogLevelEnum",
            choices.ObjectChangeActionChoices: "ObjectChange.action",
            choices.WebhookHttpMethodChoices: "HttpMethodEnum",
        },
        own={
            "objectchange.change_context": "a read-only string in Nautobot's schema, not an enum",
        },
    )
