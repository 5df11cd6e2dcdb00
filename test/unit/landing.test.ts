import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { loadConfig } from "../../src/config";
import { graphiqlHtml } from "../../src/landing/graphiql";
import { readExampleOperations } from "../../src/landing/example-operations";

const ROOT = path.resolve(__dirname, "..", "..", "..");

test("GraphiQL's tabs are the README's example operations in order, a json block giving the variables", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = /^## Example operations\n([\s\S]*?)(?=^## )/m.exec(readme)![1];
  const blocks = [...section.matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  const tabs = readExampleOperations();
  assert.deepEqual(
    tabs.map((t) => t.query),
    blocks,
  );
  assert.match(tabs[0].query, /query Health/);
  const watch = tabs.find((t) => /subscription WatchTraining/.test(t.query));
  assert.ok(watch?.variables && JSON.parse(watch.variables).id, "WatchTraining comes with its variables");
  const promote = tabs.find((t) => /mutation PromoteIfBetter/.test(t.query));
  assert.ok(promote, "the README has PromoteIfBetter");
  assert.equal(
    promote.variables,
    undefined,
    "the answer shown after an operation without variables is not loaded",
  );
});

test("the GraphiQL page loads only the gateway's own assets and escapes the embedded operations", () => {
  const html = graphiqlHtml({ path: "/graphql", authRequired: true });
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(urls.length >= 6);
  assert.deepEqual(
    urls.filter((u) => !u.startsWith("/graphiql/")),
    [],
  );
  assert.doesNotMatch(html, /<style|https?:\/\//);
  const config = /<script id="gateway-config" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1];
  assert.doesNotMatch(config, /<\//);
  assert.match(JSON.parse(config).headers, /Authorization/);
});

test("LANDING_PAGE: graphiql by default outside production, off in production, sandbox on request", () => {
  assert.equal(loadConfig({}).http.landingPage, "graphiql");
  assert.equal(loadConfig({ NODE_ENV: "production", AUTH_DISABLED: "true" }).http.landingPage, false);
  assert.equal(loadConfig({ LANDING_PAGE: "sandbox" }).http.landingPage, "sandbox");
  assert.equal(loadConfig({ LANDING_PAGE: "off" }).http.landingPage, false);
  assert.equal(loadConfig({ LANDING_PAGE: "true" }).http.landingPage, "graphiql");
  assert.throws(() => loadConfig({ LANDING_PAGE: "playground" }), /LANDING_PAGE="playground" is not valid/);
});
