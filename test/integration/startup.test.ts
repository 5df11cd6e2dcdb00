import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

const ENTRY = path.resolve(__dirname, "..", "..", "src", "index.js");

interface Entry {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Send SIGTERM and wait for the process to exit: its exit code and the signal that ended it, if any. */
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
}

function runEntry(env: Record<string, string>, untilLine?: RegExp): Promise<Entry> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ENTRY], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on("exit", (code, signal) => done({ code, signal })),
    );
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const r = await exited;
      clearTimeout(timer);
      return { ...r, stdout };
    };
    const done = (code: number | null) => resolve({ code, stdout, stderr, stop });
    child.stdout.on("data", (d) => {
      stdout += d;
      if (untilLine && untilLine.test(stdout)) done(null);
    });
    child.stderr.on("data", (d) => (stderr += d));
    void exited.then(({ code }) => done(code));
  });
}

test("a bad config value stops start-up with one line per variable, no stack trace", async () => {
  const r = await runEntry({ PORT: "eighty", S3_BUCKET: "Bad_Bucket!" });
  assert.equal(r.code, 1);
  const lines = r.stderr.trim().split("\n");
  assert.deepEqual(
    lines.map((l) => l.split("=")[0]),
    ["config error: PORT", "config error: S3_BUCKET"],
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
});

test("the entry serves GraphiQL at /graphql and stops cleanly on SIGTERM", async () => {
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const r = await runEntry({ PORT: port, NODE_ENV: "development", LOG_LEVEL: "info" }, /gateway listening/);
  try {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: "text/html" } });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<title>GraphiQL/);
    assert.match(r.stdout, /"requestId"|"msg":"gateway listening"/);
  } catch (err) {
    await r.stop();
    throw err;
  }
  const exit = await r.stop();
  assert.deepEqual(
    [exit.code, exit.signal],
    [0, null],
    "exit code 0 after SIGTERM, not killed by the signal",
  );
  assert.match(exit.stdout, /"msg":"shutdown complete"/);
});
