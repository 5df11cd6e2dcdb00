// The benchmark report's pure helpers: percentiles, ratios and verdicts, number formatting, Markdown tables.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  formatNumber,
  formatRatio,
  markdownTable,
  outcome,
  percentile,
  ratioOf,
  renderRows,
  row,
  summarize,
  verdict,
} from "../../bench/lib";

test("percentile is nearest-rank over unsorted values", () => {
  const values = [15, 20, 35, 40, 50];
  assert.equal(percentile(values, 50), 35);
  assert.equal(percentile(values, 30), 20);
  assert.equal(percentile(values, 40), 20);
  assert.equal(percentile(values, 100), 50);
  assert.equal(percentile(values, 0), 15);
  assert.equal(percentile([3, 1, 2], 50), 2);
  // p99 of 100 samples is the 99th smallest, not the maximum
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(hundred, 99), 99);
  assert.ok(Number.isNaN(percentile([], 50)));
  assert.throws(() => percentile(values, 101), RangeError);
  assert.deepEqual(values, [15, 20, 35, 40, 50], "the input is not sorted in place");
});

test("summarize gives count, mean, p50, p99, min and max", () => {
  assert.deepEqual(summarize([4, 1, 3, 2]), { n: 4, mean: 2.5, p50: 2, p99: 4, min: 1, max: 4 });
  assert.equal(summarize([]).n, 0);
});

test("the ratio is gateway ÷ baseline, null without both figures", () => {
  assert.equal(ratioOf(50, 200), 0.25);
  assert.equal(ratioOf(300, 100), 3);
  assert.equal(ratioOf(null, 100), null);
  assert.equal(ratioOf(100, null), null);
  assert.equal(ratioOf(5, 0), null);
  assert.equal(ratioOf(0, 0), 1);
  assert.equal(
    row({
      measure: "m",
      unit: "req/s",
      gateway: 10,
      baseline: 40,
      baselineName: "b",
      better: "higher",
      note: "",
    }).ratio,
    0.25,
  );
});

test("the verdict follows the direction that is better, with a ±10 % band for on par", () => {
  assert.equal(outcome({ ratio: 2, better: "higher" }), "better");
  assert.equal(outcome({ ratio: 2, better: "lower" }), "worse");
  assert.equal(outcome({ ratio: 0.5, better: "lower" }), "better");
  assert.equal(outcome({ ratio: 0.5, better: "higher" }), "worse");
  assert.equal(outcome({ ratio: 1.05, better: "higher" }), "on par");
  assert.equal(outcome({ ratio: 0.95, better: "lower" }), "on par");
  assert.equal(outcome({ ratio: 1.1, better: "higher" }), "better");
  assert.equal(outcome({ ratio: null, better: "higher" }), "no baseline");
});

test("a losing row says so plainly with its reason; a missing baseline says why", () => {
  const base = {
    measure: "predict",
    unit: "req/s",
    baselineName: "mlflow",
    better: "higher" as const,
    note: "GraphQL per request",
  };
  assert.equal(
    verdict(row({ ...base, gateway: 10, baseline: 100 })),
    "**gateway worse**: GraphQL per request",
  );
  assert.equal(verdict(row({ ...base, gateway: 100, baseline: 10 })), "gateway better");
  assert.equal(verdict(row({ ...base, gateway: 100, baseline: 98 })), "on par");
  assert.equal(verdict(row({ ...base, gateway: 100, baseline: null })), "no baseline: GraphQL per request");
});

test("numbers keep three significant digits below 100 and thousands separators above", () => {
  assert.equal(formatNumber(1234567.8), "1,234,568");
  assert.equal(formatNumber(123.4), "123");
  assert.equal(formatNumber(56.78), "56.8");
  assert.equal(formatNumber(5.678), "5.68");
  assert.equal(formatNumber(0.012345), "0.0123");
  assert.equal(formatNumber(0), "0");
  assert.equal(formatNumber(42), "42");
  assert.equal(formatNumber(null), "–");
  assert.equal(formatNumber(Number.NaN), "–");
});

test("ratios print with a multiplication sign", () => {
  assert.equal(formatRatio(0.2534), "0.25×");
  assert.equal(formatRatio(16.14), "16.1×");
  assert.equal(formatRatio(101.4), "101×");
  assert.equal(formatRatio(null), "–");
});

test("markdownTable aligns columns and escapes pipes and newlines in cells", () => {
  assert.equal(
    markdownTable(["a", "b"], [["x|y", "1\n2"]], ["l", "r"]),
    "| a | b |\n|---|---:|\n| x\\|y | 1 2 |",
  );
});

test("renderRows writes one line per row with gateway, baseline, ratio, direction and verdict", () => {
  const table = renderRows([
    row({
      measure: "ingest",
      unit: "rows/s",
      gateway: 100_000,
      baseline: 250_000,
      baselineName: "LOAD DATA",
      better: "higher",
      note: "parsing in JavaScript",
    }),
  ]);
  const lines = table.split("\n");
  assert.equal(lines.length, 3);
  assert.match(
    lines[0],
    /^\| Measure \| Unit \| Gateway \| Baseline \(same run\) \| Baseline figure \| Ratio gateway ÷ baseline \| Better when \| Verdict \|$/,
  );
  assert.equal(
    lines[2],
    "| ingest | rows/s | 100,000 | LOAD DATA | 250,000 | 0.40× | higher | **gateway worse**: parsing in JavaScript |",
  );
});
