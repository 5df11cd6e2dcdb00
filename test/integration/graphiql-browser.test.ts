// A real browser (Debian's chromium through playwright-core) opens GraphiQL from the gateway with no internet.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium, Browser } from "playwright-core";
import { readExampleOperations } from "../../src/landing/example-operations";
import { startTestGateway, TestGateway } from "../helpers/gateway";

const ROOT = path.resolve(__dirname, "..", "..", "..");

let gw: TestGateway;
let browser: Browser;
let dir: string;

before(async () => {
  // Installs chromium with apt-get when it is missing; prints its path.
  const executablePath = execFileSync("bash", [path.join(ROOT, "scripts", "ensure-chromium.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  dir = mkdtempSync(path.join(os.tmpdir(), "graphiql-browser-"));
  [gw, browser] = await Promise.all([
    startTestGateway({ LANDING_PAGE: "graphiql", AUTH_DISABLED: "true" }),
    chromium.launch({
      executablePath,
      headless: true,
      // No internet: every host name but the gateway's address fails to resolve.
      args: ["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
    }),
  ]);
});
after(async () => {
  await browser?.close();
  await gw?.close();
});

test("GraphiQL loads from the gateway's own files without internet, shows the README's examples and runs { health { ok } }", async () => {
  const origin = new URL(gw.url).origin;
  const page = await browser.newPage();
  const elsewhere: string[] = [];
  const failed: string[] = [];
  // Anything not served by the gateway is refused and recorded: the page must not need it.
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  page.on("requestfailed", (r) => failed.push(r.url()));
  page.on("pageerror", (err) => failed.push(`page error: ${err.message}`));
  await page.goto(gw.url, { waitUntil: "load" });
  await page.waitForSelector(".graphiql-query-editor .CodeMirror", { timeout: 60_000 });

  const tabs = await page.locator(".graphiql-tab").count();
  assert.equal(tabs, readExampleOperations().length, "one tab per README example operation");
  // Strings, not functions: they run in the page, where the DOM is (this project compiles without DOM types).
  const editor = `document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror`;
  const firstTab = await page.evaluate<string>(`${editor}.getValue()`);
  assert.match(firstTab, /query Health/);

  await page.evaluate(`${editor}.setValue("{ health { ok } }")`);
  // GraphiQL re-reads the operation name from the editor after a short debounce; until then it would still
  // send the tab's "Health". Run again while the answer is that error (a few times at most).
  const answered = `/"ok": (true|false)/.test(document.querySelector(".result-window")?.textContent ?? "")`;
  for (let attempt = 0; ; attempt++) {
    await page.waitForTimeout(500);
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(
      `${answered} || /OPERATION_RESOLUTION_FAILURE/.test(document.querySelector(".result-window")?.textContent ?? "")`,
      undefined,
      { timeout: 60_000 },
    );
    if ((await page.evaluate<boolean>(answered)) || attempt === 5) break;
  }
  const result = await page.locator(".result-window").innerText();
  await page.screenshot({ path: path.join(dir, "graphiql.png"), fullPage: true });
  assert.match(result, /"health"/);
  assert.match(result, /"ok": true/, "the stack is up, so health says ok");
  assert.deepEqual(elsewhere, [], "the page asked for nothing outside the gateway");
  assert.deepEqual(failed, [], "no request failed and no script error");
  await page.close();
});

test("LANDING_PAGE=sandbox keeps Apollo Sandbox; LANDING_PAGE=off serves neither page nor assets", async () => {
  for (const [value, page] of [
    ["sandbox", /embeddable-sandbox|sandbox/i],
    ["off", null],
  ] as const) {
    const g = await startTestGateway({ LANDING_PAGE: value, AUTH_DISABLED: "true" });
    try {
      const res = await fetch(g.url, { headers: { accept: "text/html" } });
      const text = await res.text();
      if (page) {
        assert.equal(res.status, 200);
        assert.match(text, page);
        assert.doesNotMatch(text, /<title>GraphiQL/);
      } else {
        assert.doesNotMatch(text, /<html/i);
      }
      const asset = await fetch(new URL("/graphiql/graphiql.min.js", g.url));
      assert.equal(asset.status, 404, `no GraphiQL assets with LANDING_PAGE=${value}`);
    } finally {
      await g.close();
    }
  }
});
