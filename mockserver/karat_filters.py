"""Evaluate the checkpoint-record search filter grammar (eq, gte, lt, textSearch, checkpointedItemId, and, or, not)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .ids import parse_iso

EQ_FIELDS = {
    "recordRid": ("rid",),
    "configRid": ("configRid",),
    "checkpointType": ("type",),
    "actingUserId": ("actingUser", "userId"),
    "delegateUserId": ("delegateUserId",),
    "organizationRid": ("organizationRid",),
    "namespaceRid": ("namespaceRid",),
    "interactionRid": ("interactionRid",),
}
ITEM_TYPES = {
    "checkpointedResource": "RESOURCE",
    "checkpointedMarking": "MARKING",
    "checkpointedToken": "TOKEN",
    "checkpointedPrincipal": "PRINCIPAL",
    "checkpointedJob": "JOB",
    "checkpointedGroup": "GROUP",
    "checkpointedRole": "ROLE",
    "checkpointedMarketplaceProduct": "MARKETPLACE_PRODUCT",
    "checkpointedIntervention": "INTERVENTION",
    "checkpointedSchedule": "SCHEDULE",
    "checkpointedJobSpecification": "JOB_SPECIFICATION",
    "checkpointedLanguageModel": "LANGUAGE_MODEL",
    "checkpointedLanguageModelSession": "LANGUAGE_MODEL_SESSION",
    "checkpointedUserIntakeSubmission": "USER_INTAKE_SUBMISSION",
    "checkpointedUserIntakeFormInput": "USER_INTAKE_FORM_INPUT",
    "checkpointedActionType": "ACTION_TYPE",
    "checkpointedObjectSet": "OBJECT_SET",
    "checkpointedIssue": "ISSUE",
    "checkpointedPeeringJob": "PEERING_JOB",
}
# checkpointedItemId variant -> (item type, item key) for the variants that name one rid or id.
ITEM_IDS = {
    "checkpointedJobRid": ("checkpointedJob", "jobRid"),
    "checkpointedResourceRid": ("checkpointedResource", "rid"),
    "checkpointedIssueRid": ("checkpointedIssue", "issueRid"),
    "checkpointedInterventionRid": ("checkpointedIntervention", "interventionRid"),
    "checkpointedJobSpecRid": ("checkpointedJobSpecification", "jobSpecRid"),
    "checkpointedActionTypeRid": ("checkpointedActionType", "actionTypeRid"),
    "checkpointedScheduleRid": ("checkpointedSchedule", "scheduleRid"),
    "checkpointedLanguageModelRid": ("checkpointedLanguageModel", "modelRid"),
    "checkpointedLanguageModelSessionRid": ("checkpointedLanguageModelSession", "sessionRid"),
    "checkpointedUserIntakeSubmissionRid": ("checkpointedUserIntakeSubmission", "submissionRid"),
    "checkpointedMarkingId": ("checkpointedMarking", "markingId"),
    "checkpointedTokenId": ("checkpointedToken", "tokenId"),
    "checkpointedGroupId": ("checkpointedGroup", "groupId"),
    "checkpointedRoleId": ("checkpointedRole", "roleId"),
    "checkpointedUserIntakeFormInputId": ("checkpointedUserIntakeFormInput", "inputId"),
    "checkpointedMarketplaceProductId": ("checkpointedMarketplaceProduct", "productId"),
    "checkpointedPrincipalId": ("checkpointedPrincipal", "id"),
}


def _get(record: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = record
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _texts(record: dict[str, Any], field: str) -> Iterator[str]:
    justification = record.get("justification") or {}
    if field == "justificationResponse" and "response" in justification:
        yield str(justification["response"])
    for option in justification.get("selectedOptions") or []:
        if field == "justificationSelectedOption":
            yield str(option.get("selectedOption", ""))
        elif field == "justificationAdditionalResponse" and "additionalResponse" in option:
            yield str(option["additionalResponse"])


def _object_type_rids(item: dict[str, Any], which: str) -> set[str]:
    holder = item.get(which) or {}
    return {rid for entry in holder.get("objectTypes") or [] for rid in entry.get("objectTypeRids") or []}


def _item_matches(item: dict[str, Any], wanted: dict[str, Any]) -> bool:
    kind = wanted.get("type")
    if kind in ITEM_IDS:
        item_type, key = ITEM_IDS[str(kind)]
        wanted_value = wanted.get("id", wanted.get("rid"))
        return item.get("type") == item_type and item.get(key) == wanted_value
    if kind == "checkpointedObjectSetVersionedRid":
        versioned = item.get("versioned") or {}
        return item.get("type") == "checkpointedObjectSet" and versioned.get("versionedObjectSetRid") == wanted.get(
            "rid"
        )
    if kind == "checkpointedObjectSetTypesProxyRids":
        rids = set(wanted.get("rids") or [])
        return (
            item.get("type") == "checkpointedObjectSet" and bool(rids) and rids <= _object_type_rids(item, "typesProxy")
        )
    if kind == "checkpointedPeeringJobId":
        return (
            item.get("type") == "checkpointedPeeringJob"
            and item.get("jobId") == wanted.get("id")
            and item.get("relationshipRid") == wanted.get("relationshipRid")
        )
    return False


def matches(record: dict[str, Any], node: dict[str, Any]) -> bool:
    """Whether a record passes a (schema-valid) filter."""
    kind = node["type"]
    if kind == "and":
        return all(matches(record, child) for child in node["filters"])
    if kind == "or":
        return any(matches(record, child) for child in node["filters"])
    if kind == "not":
        return not matches(record, node["filter"])
    if kind == "eq":
        if node["field"] == "checkpointedItemType":
            return any(ITEM_TYPES.get(str(i.get("type"))) == node["value"] for i in record.get("checkpointedItems", []))
        return bool(_get(record, EQ_FIELDS[node["field"]]) == node["value"])
    if kind in ("gte", "lt"):
        created = parse_iso(record["createdAt"])
        bound = parse_iso(node["value"])
        return created >= bound if kind == "gte" else created < bound
    if kind == "textSearch":
        query = str(node["query"])
        if node["matchType"] == "EXACT":
            return any(text == query for text in _texts(record, node["field"]))
        return any(query.casefold() in text.casefold() for text in _texts(record, node["field"]))
    if kind == "checkpointedItemId":
        return any(_item_matches(item, node["checkpointedItemId"]) for item in record.get("checkpointedItems", []))
    return False
