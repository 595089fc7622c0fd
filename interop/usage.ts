// Interop proof: code written against the TypeScript types that openapi-typescript generates from the
// published specs (dist/<service>/openapi.yaml -> types/<service>.ts, by check.sh). `tsc --noEmit` must pass:
// the request bodies below are accepted, the response shapes read as expected, and the @ts-expect-error
// lines prove the types are precise (not `any`): each of them must really be an error.
import type { components as KaratComponents, paths as KaratPaths } from "./types/karat";
import type { components as UnicatComponents, paths as UnicatPaths } from "./types/unicat";

type JsonBody<T> = T extends { content: { "application/json": infer B } } ? B : never;

// ---------------------------------------------------------------- Karat

type SearchRecords = KaratPaths["/api/v2/checkpoints/records/search"]["post"];
type SearchRequest = JsonBody<SearchRecords["requestBody"]>;
type SearchResponse = JsonBody<SearchRecords["responses"][200]>;
type KaratRecord = KaratComponents["schemas"]["Record"];

export const search: SearchRequest = {
  where: {
    filter: {
      type: "and",
      filters: [
        { type: "eq", field: "checkpointType", value: "CONTOUR_EXPORT" },
        { type: "gte", field: "createdAt", value: "2023-01-01T00:00:00.000Z" },
        { type: "not", filter: { type: "textSearch", field: "justificationResponse", query: "export", matchType: "CONTAINS" } },
      ],
    },
  },
  pageSize: 100,
  sortDirection: "ASC",
};

// @ts-expect-error sortDirection is a closed request enum
export const badDirection: SearchRequest = { where: search.where, sortDirection: "SIDEWAYS" };

// @ts-expect-error `where` is required
export const noWhere: SearchRequest = { pageSize: 10 };

export const getBatch: JsonBody<KaratPaths["/api/v2/checkpoints/records/getBatch"]["post"]["requestBody"]> = [
  { recordRid: "ri.checkpoints.main.checkpoint.a1b2c3d4-e5f6-7890-abcd-ef1234567890" },
];

export function describe(page: SearchResponse): string[] {
  const next: string | undefined = page.nextPageToken;
  return page.data.map((record: KaratRecord) => {
    const who: string | undefined = record.actingUser.username.value;
    const justification =
      record.justification.type === "responseJustification" ? record.justification.response : record.justification.title;
    return `${record.rid} ${record.type} ${record.createdAt} ${who ?? "(redacted)"} ${justification} ${next ?? ""}`;
  });
}

type ListFiles = KaratPaths["/api/v1/datasets/{datasetRid}/files"]["get"];
export const listFilesQuery: NonNullable<ListFiles["parameters"]["query"]> = { branchId: "master", pageSize: 500 };
export const listFilesPath: ListFiles["parameters"]["path"] = { datasetRid: "ri.foundry.main.dataset.x" };

export function totalBytes(page: JsonBody<ListFiles["responses"][200]>): number {
  return page.data.reduce((sum, file) => sum + Number(file.sizeBytes ?? "0"), 0);
}

export function errorName(error: KaratComponents["schemas"]["FoundryError"]): string {
  return `${error.errorCode}/${error.errorName}/${error.errorInstanceId}`;
}

// ---------------------------------------------------------------- Unicat

type BulkGet = UnicatPaths["/api/p/{project_gid}/records/bulk/get"]["post"];
type BulkGetRequest = JsonBody<BulkGet["requestBody"]>;
type BulkGetResponse = JsonBody<BulkGet["responses"][200]>;

export const bulkGet: BulkGetRequest = {
  selection: ["<gid-1>", { children: "<gid-9>", channel: "web" }, { search: { language: "nl", q: "+cms 225" } }],
  "page.cursor": null,
  "page.size": 100,
  language: "en",
};

// @ts-expect-error `selection` is required
export const noSelection: BulkGetRequest = { "page.size": 10 };

export function titles(page: BulkGetResponse, language: string): string[] {
  const cursor: string | number | null = page.result["page.cursor"];
  const records = page.data.records ?? {};
  return page.result.records.map((gid) => {
    const record: UnicatComponents["schemas"]["Record"] | undefined = records[gid];
    return `${gid}: ${record?.title?.[language] ?? "?"} (${page.result["records.size"]}, next ${String(cursor)})`;
  });
}
