// Another language, end to end: the TypeScript client that @hey-api/openapi-ts generates from the published
// Karat spec (dist/karat/openapi.yaml -> clients/karat/, by ts_client.sh) calls the local server (mockserver).
// It searches records across pages, lists a dataset's files across pages and reads a typed error; any
// mismatch throws, and node exits non-zero.
import { createClient } from "./clients/karat/client";
import { listFiles, searchRecords } from "./clients/karat/sdk.gen";
import type {
  BranchNotFound,
  File as KaratFile,
  ListFilesError,
  Record as KaratRecord,
  SearchRecordsRequest,
} from "./clients/karat/types.gen";

declare const process: { env: { [name: string]: string | undefined }; exitCode?: number };

const baseUrl = process.env["KARAT_BASE_URL"];
const token = process.env["KARAT_TOKEN"];
const DATASET = process.env["KARAT_DATASET_RID"];
if (!baseUrl || !token || !DATASET) {
  throw new Error("set KARAT_BASE_URL, KARAT_TOKEN and KARAT_DATASET_RID (ts_client.sh does)");
}
const client = createClient({ baseUrl, auth: () => token });

function check(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new Error(`karat_client: ${message}`);
  }
}

// errorName alone cannot narrow the union: its `default` member (FoundryError) has errorName: string.
function isBranchNotFound(error: ListFilesError): error is BranchNotFound {
  return error.errorName === "BranchNotFound";
}

async function searchAll(where: SearchRecordsRequest["where"], pageSize: number): Promise<[KaratRecord[], number]> {
  const records: KaratRecord[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const { data, error, response } = await searchRecords({
      client,
      query: { preview: true },
      body: { where, pageSize, sortDirection: "ASC", ...(pageToken === undefined ? {} : { pageToken }) },
    });
    check(data !== undefined, `search answered ${response.status}: ${JSON.stringify(error)}`);
    records.push(...data.data);
    pageToken = data.nextPageToken;
    pages += 1;
  } while (pageToken !== undefined);
  return [records, pages];
}

async function listAllFiles(datasetRid: string, branchId: string): Promise<[KaratFile[], number]> {
  const files: KaratFile[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const { data, error, response } = await listFiles({
      client,
      path: { datasetRid },
      query: { branchId, pageSize: 7, ...(pageToken === undefined ? {} : { pageToken }) },
    });
    check(data !== undefined, `listFiles answered ${response.status}: ${JSON.stringify(error)}`);
    files.push(...data.data);
    pageToken = data.nextPageToken;
    pages += 1;
  } while (pageToken !== undefined);
  return [files, pages];
}

async function main(dataset: string): Promise<void> {
  const where: SearchRecordsRequest["where"] = {
    filter: { type: "eq", field: "checkpointType", value: "CONTOUR_EXPORT" },
  };
  const [small, smallPages] = await searchAll(where, 7);
  const [large, largePages] = await searchAll(where, 100);
  check(smallPages > 2, `search by 7 took ${smallPages} page(s); expected several`);
  check(small.length > 0 && small.every((r) => r.type === "CONTOUR_EXPORT"), "records outside the filter");
  const rids = small.map((r) => r.rid);
  check(new Set(rids).size === rids.length, "a record came twice across pages");
  check(JSON.stringify(rids) === JSON.stringify(large.map((r) => r.rid)), "page size 7 and 100 differ");
  const times = small.map((r) => Date.parse(r.createdAt));
  check(times.every((t, i) => i === 0 || times[i - 1]! <= t), "records not in ascending createdAt order");
  console.log(`search: ${small.length} CONTOUR_EXPORT records in ${smallPages} pages of 7 (${largePages} of 100)`);

  const [files, filePages] = await listAllFiles(dataset, "master");
  const paths = files.map((f) => f.path);
  check(filePages > 1 && new Set(paths).size === paths.length, `files: ${files.length} in ${filePages} page(s)`);
  console.log(`listFiles: ${files.length} files of ${dataset} in ${filePages} pages of 7`);

  const missing = await listFiles({ client, path: { datasetRid: dataset }, query: { branchId: "no-such-branch" } });
  check(missing.response.status === 404, `unknown branch answered ${missing.response.status}`);
  const error = missing.error;
  check(error !== undefined && isBranchNotFound(error), `expected BranchNotFound, got ${JSON.stringify(error)}`);
  // The generated BranchNotFound type: parameters is BranchNotFoundParameters, not a loose map.
  const branchId: string = error.parameters.branchId;
  check(branchId === "no-such-branch", `BranchNotFound names branch ${branchId}`);
  console.log(`typed error: ${error.errorCode} ${error.errorName} branchId=${branchId}`);

  const anonymous = await listFiles({ path: { datasetRid: dataset }, baseUrl });
  check(anonymous.response.status === 401, `no token answered ${anonymous.response.status}`);
  console.log(`no token: ${anonymous.response.status} ${anonymous.error?.errorName}`);
}

main(DATASET).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
