// The published HTML references in a real headless browser (Debian's chromium, driven by playwright-core):
// every operation of dist/<service>/reference.openapi.json is found by the page's search and renders with all
// its responses, the properties nested in its request and response bodies, and its Python sample
// (x-codeSamples); the page makes no network request (the file works offline) and logs no console error.
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

// A schema's first property that is an object (or a list of objects) with properties: [name, its property names].
function nested(spec, schema) {
  const resolve = (node) => {
    let seen = 0;
    while (node?.$ref && seen++ < 20) node = spec.components.schemas[node.$ref.split("/").pop()];
    return node?.type === "array" ? resolve(node.items) : node;
  };
  for (const [name, sub] of Object.entries(resolve(schema)?.properties ?? {})) {
    const inner = resolve(sub);
    if (inner?.properties) return [name, Object.keys(inner.properties)];
  }
  return null;
}

// The operations of the docs bundle the page was rendered from, each with its x-codeSamples.
function operations(folder) {
  const spec = JSON.parse(readFileSync(join(folder, "reference.openapi.json"), "utf-8"));
  const docs = [];
  for (const item of Object.values(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const bodies = [op.requestBody, op.responses?.["200"]].map((holder) => {
        const content = holder?.$ref ? undefined : holder?.content?.["application/json"];
        return content ? nested(spec, content.schema) : null;
      });
      docs.push({ method, nested: bodies.filter((found) => found !== null), ...op });
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
    // Nested schemas: Redoc opens them and renders their properties once scrolled into view.
    for (const [name] of op.nested) {
      for (const row of await page.locator(`[id$="path=${name.toLowerCase()}"]`).all()) {
        await row.scrollIntoViewIfNeeded();
        await page.waitForTimeout(200);
      }
    }
    // Each shown property has a deep link whose `path=` names it: `where/filter`, `data[]/path`.
    const linked = new Set(
      (await page.locator('a[href*="path="]').evaluateAll((links) => links.map((link) => link.getAttribute("href"))))
        .map((href) => decodeURIComponent(/[&?=]path=([^&]*)/.exec(href)?.[1] ?? "").toLowerCase()),
    );
    for (const [name, inner] of op.nested) {
      for (const property of inner) {
        const paths = [`${name}/${property}`, `${name}[]/${property}`].map((path) => path.toLowerCase());
        if (!paths.some((path) => linked.has(path))) {
          problems.push(`${folder}: ${op.operationId}: ${name}.${property} is not shown`);
        }
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
      const shownNested = op.nested.map(([name, inner]) => `${name}.{${inner.join(",")}}`).join(" ");
      console.log(`reference: ${folder} ${op.operationId}: found by search; responses ${statuses.join(" ")}; nested ${shownNested || "-"}; Python sample`);
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
  console.log(`reference: ${count} operations found by search, with responses, nested properties and Python samples; no console error, no network`);
}
