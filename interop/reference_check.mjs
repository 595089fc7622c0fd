// The published HTML references in a real headless browser (Debian's chromium, driven by playwright-core):
// every operation of dist/<service>/reference.openapi.json is found by the page's search and renders with all
// its responses and its Python sample (x-codeSamples); the page makes no network request (the file works
// offline) and logs no console error.
// Usage: node reference_check.mjs dist/karat dist/unicat   (check.sh runs it; it needs /usr/bin/chromium)
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const squash = (text) => text.replace(/\s+/g, "");

// The operations of the docs bundle the page was rendered from, each with its x-codeSamples.
function operations(folder) {
  const spec = JSON.parse(readFileSync(join(folder, "reference.openapi.json"), "utf-8"));
  const docs = [];
  for (const item of Object.values(spec.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method]) docs.push({ method, ...item[method] });
    }
  }
  return docs;
}

async function checkService(context, folder, problems) {
  const url = pathToFileURL(resolve(folder, "reference.html")).href;
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${folder}: console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${folder}: page error: ${error.message}`));
  // What the page gets from a file, it would get offline: anything else is a failure.
  page.on("request", (request) => {
    if (!request.url().startsWith("file:") && !request.url().startsWith("data:")) {
      problems.push(`${folder}: network request ${request.url()}`);
    }
  });
  await page.route(/^(?!file:|data:)/, (route) => route.abort());
  const ops = operations(folder);
  for (const op of ops) {
    // Found by the page's search (Ctrl+K): the summary typed, the hit opened.
    await page.goto(url);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.keyboard.press("Control+k");
    await page.getByPlaceholder("Search docs...").fill(op.summary);
    await page.getByText(op.summary, { exact: true }).first().click({ timeout: 10000 });
    await page.getByRole("heading", { name: op.summary }).first().waitFor({ timeout: 10000 });
    const statuses = Object.keys(op.responses ?? {});
    for (const status of statuses) {
      if ((await page.getByRole("tab", { name: status, exact: true }).count()) === 0) {
        problems.push(`${folder}: ${op.operationId}: response ${status} is not shown`);
      }
    }
    const expected = op["x-codeSamples"]?.find((sample) => sample.lang === "Python")?.source;
    if (!expected) {
      problems.push(`${folder}: ${op.operationId} has no Python sample in reference.openapi.json`);
      continue;
    }
    const shown = await page.locator("pre, code").evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ""));
    if (!shown.some((text) => squash(text).includes(squash(expected)))) {
      problems.push(`${folder}: ${op.operationId}: its Python sample is not shown`);
    } else {
      console.log(`reference: ${folder} ${op.operationId}: found by search, responses ${statuses.join(" ")}, Python sample`);
    }
  }
  await page.close();
  return ops.length;
}

const folders = process.argv.slice(2);
if (folders.length === 0) throw new Error("usage: node reference_check.mjs dist/<service> ...");
const profile = mkdtempSync(join(tmpdir(), "reference-check-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: FLAGS,
});
const problems = [];
let count = 0;
try {
  for (const folder of folders) count += await checkService(context, folder, problems);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
if (problems.length > 0 || count === 0) {
  console.error(problems.join("\n") || "no operation checked");
  process.exitCode = 1;
} else {
  console.log(`reference: ${count} operations found by search, with responses and Python samples; no console error, no network`);
}
