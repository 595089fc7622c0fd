"""Seeded Karat data: checkpoint records and datasets with branches, transactions and files."""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .ids import iso, rng_uuid
from .specs import Service

DOCS_DATASET = "ri.foundry.main.dataset.c26f11c8-cdb3-4f44-9f5d-9816ea1c82da"
DOCS_TRANSACTION = "ri.foundry.main.transaction.0a0207cb-26b7-415b-bc80-66a3aa3933f4"
FOLDERS = ["raw", "clean", "exports/2023", "exports/2024", "q1-data", "q2-data", "logs", "models"]
EXTENSIONS = [".csv", ".parquet", ".json", ".txt"]
PROMPTS = [
    ("Export Confirmation", "Why do you need to export this data?"),
    ("Sensitive Data Access", "Describe the purpose of this action"),
    ("Membership Change", "Who approved this change?"),
    ("Build Approval", "Justify running this build"),
]
RESPONSES = [
    "Quarterly export for finance review",
    "Sharing aggregated results with the audit team",
    "Customer asked for a copy of their data",
    "Debugging a failed pipeline run",
    "Monthly compliance report",
    "Export data for the board presentation",
    "Migrating the dataset to the new project",
]
OPTIONS = ["Customer request", "Internal analysis", "Regulatory reporting", "Incident response", "Other"]
USERNAMES = ["admin", "alice.martin", "bob.nguyen", "carol.smith", "dan.okafor", "eve.rossi", "frank.li", "grace.kim"]
# Record types whose checkpoint guards something other than a resource, and the item kind they capture.
ITEM_KIND_BY_TYPE = {
    "LOGIN": "checkpointedToken",
    "MULTIPASS_TOKEN_CREATE": "checkpointedToken",
    "MULTIPASS_ADD_GROUP_MEMBER": "checkpointedGroup",
    "MULTIPASS_REMOVE_GROUP_MEMBER": "checkpointedPrincipal",
    "MULTIPASS_ADD_MARKING_MEMBER": "checkpointedMarking",
    "COMPASS_AUTHORIZE_MARKING_ON_PROJECT": "checkpointedMarking",
    "COMPASS_ADD_ROLE_GRANT": "checkpointedRole",
    "SCHEDULE_CREATE": "checkpointedSchedule",
    "SCHEDULE_RUN": "checkpointedSchedule",
    "RUN_BUILD": "checkpointedJob",
    "CODE_REPOSITORY_BUILD": "checkpointedJobSpecification",
    "ISSUE_CREATE": "checkpointedIssue",
    "SUBMIT_ACTION": "checkpointedActionType",
    "OBJECT_SET_EXPORT": "checkpointedObjectSet",
    "MODEL_EXPORT": "checkpointedLanguageModel",
    "AGENT_SESSION_EXPORT": "checkpointedLanguageModelSession",
    "USER_INTAKE_SUBMISSION_EXPORT": "checkpointedUserIntakeSubmission",
    "PACKAGE_PRODUCT": "checkpointedMarketplaceProduct",
    "PEER_MANAGER_CDS_PAYLOAD_EXPORT": "checkpointedPeeringJob",
    "RESET_MFA_METHOD": "checkpointedIntervention",
    "START_WALKTHROUGH": "checkpointedUserIntakeFormInput",
}
COMMON_TYPES = ["CONTOUR_EXPORT", "LOGIN", "COMPASS_EXPORT", "COMPASS_IMPORT", "REPORT_EXPORT", "RUN_BUILD"]


@dataclass
class Transaction:
    """A committed transaction: what it wrote or deleted, and its parent on the branch."""

    rid: str
    kind: str
    created: datetime
    parent: str | None
    writes: dict[str, dict[str, Any]] = field(default_factory=dict)
    deletes: set[str] = field(default_factory=set)


@dataclass
class Dataset:
    """A dataset: its transactions and branches (name -> head transaction rid)."""

    rid: str
    transactions: dict[str, Transaction] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)

    def chain(self, end: str) -> list[Transaction]:
        """The transactions from the root to `end`, root first."""
        found: list[Transaction] = []
        current: str | None = end
        while current is not None:
            txn = self.transactions[current]
            found.append(txn)
            current = txn.parent
        return found[::-1]

    def view(self, end: str, start: str | None = None) -> list[dict[str, Any]]:
        """The files of the view up to `end` (from `start`, else from the latest snapshot), newest first."""
        chain = self.chain(end)
        if start is not None:
            rids = [t.rid for t in chain]
            chain = chain[rids.index(start) :] if start in rids else []
        else:
            snapshots = [i for i, t in enumerate(chain) if t.kind == "SNAPSHOT"]
            chain = chain[snapshots[-1] :] if snapshots else chain
        files: dict[str, dict[str, Any]] = {}
        for txn in chain:
            if txn.kind == "SNAPSHOT":
                files = {}
            for path in txn.deletes:
                files.pop(path, None)
            files.update(txn.writes)
        by_path = sorted(files.values(), key=lambda f: str(f["path"]))
        return sorted(by_path, key=lambda f: str(f["updatedTime"]), reverse=True)


@dataclass
class KaratData:
    """Everything the Karat mock serves."""

    records: list[dict[str, Any]]
    datasets: dict[str, Dataset]

    @property
    def records_by_rid(self) -> dict[str, dict[str, Any]]:
        """The records keyed by rid."""
        return {r["rid"]: r for r in self.records}


class _Generator:
    def __init__(self, service: Service, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - test data, not cryptography
        schemas = service.doc["components"]["schemas"]
        self.checkpoint_types: list[str] = list(schemas["CheckpointType"]["enum"])
        self.resource_types: list[str] = list(schemas["CheckpointedResourceType"]["enum"])
        self.principal_roles: list[str] = list(schemas["CheckpointedPrincipalRole"]["enum"])
        self.item_kinds: list[str] = sorted(schemas["CheckpointedItem"]["discriminator"]["mapping"])
        self.docs = service.example_values
        self.orgs = [self.rid("multipass", "organization", instance="") for _ in range(3)]
        self.projects = [self.rid("compass", "folder") for _ in range(6)]
        self.configs = [self.rid("checkpoints", "config") for _ in range(5)]
        self.users = [self._user(name) for name in USERNAMES]

    def uuid(self) -> str:
        return rng_uuid(self.rng)

    def rid(self, service: str, kind: str, instance: str = "main") -> str:
        return f"ri.{service}.{instance}.{kind}.{self.uuid()}"

    def moment(self, start: datetime, days: int) -> datetime:
        return start + timedelta(milliseconds=self.rng.randrange(days * 86_400_000))

    def _user(self, name: str) -> dict[str, Any]:
        user: dict[str, Any] = {"userId": self.uuid(), "username": {"value": name}}
        if self.rng.random() < 0.7:
            user["organizationRid"] = self.rng.choice(self.orgs)
        return user

    # ------------------------------------------------------------------ datasets

    def datasets(self, count: int, files_per_dataset: int) -> dict[str, Dataset]:
        found = {DOCS_DATASET: self.docs_dataset()}
        for _ in range(count):
            dataset = self.dataset(files_per_dataset)
            found[dataset.rid] = dataset
        return found

    def docs_dataset(self) -> Dataset:
        listing = self.docs["listFiles/200/docs"]["data"]
        q3, q2a, q2b = (copy.deepcopy(f) for f in listing)
        first = Transaction(q2a["transactionRid"], "SNAPSHOT", datetime(2022, 7, 12, 10, 12, 40, tzinfo=UTC), None)
        first.writes = {q2a["path"]: q2a, q2b["path"]: q2b}
        second = Transaction(q3["transactionRid"], "APPEND", datetime(2022, 10, 10, 16, 44, 50, tzinfo=UTC), first.rid)
        second.writes = {q3["path"]: q3}
        third = Transaction(DOCS_TRANSACTION, "UPDATE", datetime(2023, 2, 1, 8, 0, tzinfo=UTC), second.rid)
        for path, size in (("q3-data/my-file.csv", "80211"), ("q4-data/draft.csv", "1200")):
            third.writes[path] = {
                "path": path,
                "transactionRid": DOCS_TRANSACTION,
                "sizeBytes": size,
                "updatedTime": "2023-02-01T08:00:03.517Z",
            }
        dataset = Dataset(DOCS_DATASET)
        for txn in (first, second, third):
            dataset.transactions[txn.rid] = txn
        dataset.branches = {"master": second.rid, "develop": third.rid}
        return dataset

    def dataset(self, files: int) -> Dataset:
        dataset = Dataset(self.rid("foundry", "dataset"))
        moment = self.moment(datetime(2023, 1, 1, tzinfo=UTC), 300)
        master = self.rng.randint(3, 7)
        kinds = ["SNAPSHOT"] + [
            self.rng.choice(["APPEND", "APPEND", "UPDATE", "UPDATE", "DELETE"]) for _ in range(master - 1)
        ]
        if master >= 5 and self.rng.random() < 0.3:
            kinds[self.rng.randrange(2, master)] = "SNAPSHOT"
        per_txn = max(1, files // master)
        head: str | None = None
        known: list[str] = []
        for kind in kinds:
            moment += timedelta(hours=self.rng.randint(2, 400), milliseconds=self.rng.randrange(1000))
            head = self.add_transaction(dataset, kind, moment, head, per_txn, known)
        assert head is not None
        dataset.branches["master"] = head
        master_chain = [t.rid for t in dataset.chain(head)]
        for name in self.rng.sample(
            ["develop", "feature/cleanup", "release-2024.1", "staging"], self.rng.randint(1, 2)
        ):
            fork = self.rng.choice(master_chain)
            branch_head = fork
            branch_moment = dataset.transactions[fork].created
            branch_known = [str(f["path"]) for f in dataset.view(fork)]
            for _ in range(self.rng.randint(1, 3)):
                branch_moment += timedelta(hours=self.rng.randint(1, 100), milliseconds=self.rng.randrange(1000))
                kind = self.rng.choice(["APPEND", "UPDATE"])
                branch_head = self.add_transaction(
                    dataset, kind, branch_moment, branch_head, max(1, per_txn // 3), branch_known
                )
            dataset.branches[name] = branch_head
        return dataset

    def add_transaction(
        self, dataset: Dataset, kind: str, moment: datetime, parent: str | None, count: int, known: list[str]
    ) -> str:
        txn = Transaction(self.rid("foundry", "transaction"), kind, moment, parent)
        if kind == "SNAPSHOT":
            known.clear()
        if kind == "DELETE" and known:
            txn.deletes = set(self.rng.sample(known, min(len(known), max(1, count // 4))))
            known[:] = [p for p in known if p not in txn.deletes]
        else:
            for index in range(count):
                if kind == "UPDATE" and known and self.rng.random() < 0.5:
                    path = self.rng.choice(known)
                else:
                    path = f"{self.rng.choice(FOLDERS)}/part-{len(known) + index:05d}{self.rng.choice(EXTENSIONS)}"
                entry: dict[str, Any] = {"path": path, "transactionRid": txn.rid}
                if self.rng.random() < 0.9:
                    entry["sizeBytes"] = str(self.rng.randint(0, 5_000_000_000))
                entry["updatedTime"] = iso(moment + timedelta(milliseconds=self.rng.randrange(60_000)))
                txn.writes[path] = entry
            seen = set(known)
            known.extend(p for p in txn.writes if p not in seen)
        dataset.transactions[txn.rid] = txn
        return txn.rid

    # ------------------------------------------------------------------- records

    def records(self, count: int, dataset_rids: list[str]) -> list[dict[str, Any]]:
        docs_record = copy.deepcopy(next(iter(self.docs["getRecordsBatch/200/docs"]["data"].values())))
        found = [docs_record]
        for index in range(count):
            if index < len(self.item_kinds):
                kind = self.item_kinds[index]
                rtype = next((t for t, k in ITEM_KIND_BY_TYPE.items() if k == kind), "CONTOUR_EXPORT")
            else:
                rtype = (
                    self.rng.choice(COMMON_TYPES) if self.rng.random() < 0.6 else self.rng.choice(self.checkpoint_types)
                )
                kind = ITEM_KIND_BY_TYPE.get(rtype, "checkpointedResource")
            found.append(self.record(rtype, kind, dataset_rids))
        return found

    def record(self, rtype: str, kind: str, dataset_rids: list[str]) -> dict[str, Any]:
        rng = self.rng
        record: dict[str, Any] = {
            "rid": self.rid("checkpoints", "checkpoint"),
            "type": rtype,
            "scope": "USER_SCOPED" if rng.random() < 0.8 else "RESOURCE_SCOPED",
            "actingUser": copy.deepcopy(rng.choice(self.users)),
            "createdAt": iso(self.moment(datetime(2023, 1, 1, tzinfo=UTC), 730)),
        }
        if rng.random() < 0.1:
            record["actingUser"]["username"] = {"redactionType": "USER_REDACTED"}
        items = [self.item(kind, dataset_rids)]
        if rng.random() < 0.2:
            items.append(self.item(rng.choice(self.item_kinds), dataset_rids))
        record["checkpointedItems"] = items
        record["justification"] = self.justification()
        optional: list[tuple[str, Any]] = [
            ("configRid", lambda: rng.choice(self.configs)),
            ("projectRid", lambda: rng.choice(self.projects)),
            ("organizationRid", lambda: record["actingUser"].get("organizationRid") or rng.choice(self.orgs)),
            ("namespaceRid", lambda: rng.choice(self.projects)),
            ("interactionRid", lambda: self.rid("checkpoints", "checkpointable-interaction")),
            ("delegateUserId", lambda: rng.choice(self.users)["userId"]),
            ("approvalsMetadata", lambda: {"approvalsTaskId": self.uuid(), "approvalsSubtaskIds": [self.uuid()]}),
        ]
        for key, make in optional:
            if rng.random() < (0.25 if key in ("delegateUserId", "approvalsMetadata") else 0.8):
                record[key] = make()
        return record

    def justification(self) -> dict[str, Any]:
        rng = self.rng
        title, prompt = rng.choice(PROMPTS)
        kind = rng.choice(
            [
                "responseJustification",
                "dropdownJustification",
                "acknowledgementJustification",
                "reauthenticationJustification",
            ]
        )
        found: dict[str, Any] = {"type": kind, "prompt": prompt, "title": title}
        if kind == "responseJustification":
            found["response"] = rng.choice(RESPONSES)
        elif kind == "dropdownJustification":
            selections = []
            for option in rng.sample(OPTIONS, rng.randint(1, 2)):
                selection = {"selectedOption": option}
                if rng.random() < 0.4:
                    selection["additionalResponse"] = rng.choice(RESPONSES)
                selections.append(selection)
            found["selectedOptions"] = selections
        elif kind == "reauthenticationJustification":
            found["reauthenticationId"] = self.uuid()
        if rng.random() < 0.3:
            found["description"] = "Your answer is stored in the audit log."
        return found

    def item(self, kind: str, dataset_rids: list[str]) -> dict[str, Any]:
        rng = self.rng
        ontology = {"ontologyRid": self.rid("ontology", "ontology"), "ontologyVersion": self.uuid()}
        simple_rid = {
            "checkpointedIssue": ("issueRid", "issues", "issue"),
            "checkpointedJob": ("jobRid", "foundry", "job"),
            "checkpointedSchedule": ("scheduleRid", "scheduler", "schedule"),
            "checkpointedJobSpecification": ("jobSpecRid", "foundry", "job-spec"),
            "checkpointedLanguageModel": ("modelRid", "language-model-service", "language-model"),
            "checkpointedUserIntakeSubmission": ("submissionRid", "user-intake", "submission"),
            "checkpointedIntervention": ("interventionRid", "interventions", "intervention"),
            "checkpointedLanguageModelSession": ("sessionRid", "language-model-service", "session"),
        }
        simple_id = {
            "checkpointedGroup": "groupId",
            "checkpointedMarking": "markingId",
            "checkpointedMarketplaceProduct": "productId",
            "checkpointedRole": "roleId",
            "checkpointedUserIntakeFormInput": "inputId",
        }
        if kind in simple_rid:
            key, service, rid_type = simple_rid[kind]
            return {"type": kind, key: self.rid(service, rid_type)}
        if kind in simple_id:
            return {"type": kind, simple_id[kind]: self.uuid()}
        if kind == "checkpointedObjectSet":
            types = [{"ontology": ontology, "objectTypeRids": [self.rid("ontology", "object-type") for _ in range(2)]}]
            if rng.random() < 0.5:
                versioned = {
                    "versionedObjectSetRid": self.rid("object-set", "versioned-object-set"),
                    "objectSetVersion": self.uuid(),
                    "objectTypes": types,
                }
                return {"type": kind, "versioned": versioned}
            return {"type": kind, "typesProxy": {"objectTypes": types}}
        if kind == "checkpointedPeeringJob":
            return {"type": kind, "jobId": self.uuid(), "relationshipRid": self.rid("peering", "relationship")}
        if kind == "checkpointedToken":
            return {"type": kind, "tokenId": self.uuid(), "tokenType": "USER_TOKEN"}
        if kind == "checkpointedActionType":
            return {"type": kind, "actionTypeRid": self.rid("actions", "action-type"), "ontology": ontology}
        if kind == "checkpointedPrincipal":
            user = rng.choice(self.users)
            principal: dict[str, Any] = {
                "type": kind,
                "id": user["userId"],
                "username": user["username"],
                "role": rng.choice(self.principal_roles),
            }
            if "organizationRid" in user:
                principal["organizationRid"] = user["organizationRid"]
            return principal
        dataset = bool(dataset_rids) and rng.random() < 0.6
        resource: dict[str, Any] = {
            "type": "checkpointedResource",
            "rid": rng.choice(dataset_rids) if dataset else self.rid("foundry", "report"),
            "resourceType": "DATASET" if dataset else rng.choice(self.resource_types),
            "compassPath": {"value": f"/Project {rng.randint(1, 9)}/Resource {rng.randint(100, 999)}"},
            "orgMarkings": rng.sample(["ORG_A", "ORG_B", "PII"], rng.randint(0, 2)),
        }
        if rng.random() < 0.5:
            resource["projectRid"] = rng.choice(self.projects)
        if rng.random() < 0.1:
            resource["compassPath"] = {"redactionType": "RESOURCE_REDACTED"}
        return resource


def generate_karat(service: Service, *, seed: int, records: int, datasets: int, files_per_dataset: int) -> KaratData:
    """Generate the Karat data: `records` checkpoint records and `datasets` datasets besides the docs' own."""
    generator = _Generator(service, seed)
    found = generator.datasets(datasets, files_per_dataset)
    return KaratData(records=generator.records(records, list(found)), datasets=found)
