// The streaming ingest reader and encoder: the same records as parseCsv, types from a sample, the bulk text format.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { GraphQLError } from "graphql";
import {
  bulkChunks,
  csvRowSource,
  inferColumns,
  WiderTypesNeeded,
  type RowSource,
} from "../../src/services/datasets/csv-stream";
import { inferTypes, parseCsv } from "../../src/services/datasets/tabular";
import { propertyOptions } from "../helpers/property";

const rowsOf = (s: RowSource) => [...s.rows()].map((r) => [...r]);

function badInputOf(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof GraphQLError, String(err));
    assert.equal(err.extensions.code, "BAD_USER_INPUT");
    return err;
  }
  assert.fail("expected BAD_USER_INPUT");
}

test("the streaming reader gives parseCsv's records: BOM, trimming, NA/NaN/empty as null, quotes, CRLF, blank lines", () => {
  for (const text of [
    '\uFEFFa, b ,c\n1, NA ,x\n\nNaN,,"q, r"\n',
    'a,b\r\n1,"two\nlines"\r\n"say ""hi""", 3 \r\n',
    'a,b\n  "x" ,y\n,\n',
    "a\n1",
  ]) {
    const expected = parseCsv(text, "input.csv");
    const got = csvRowSource(text, "input.csv");
    assert.deepEqual(got.columns, expected.columns, text);
    assert.deepEqual(rowsOf(got), expected.rows, text);
  }
});

test("the streaming reader refuses ragged rows with their line, unclosed quotes, bad headers", () => {
  const ragged = csvRowSource("a,b,c\n1,2,3\n4,5\n", "input.csv");
  const err = badInputOf(() => rowsOf(ragged));
  assert.match(err.message, /^line 3 of the CSV has 2 fields but the header has 3/);
  assert.equal(err.extensions.line, 3);
  assert.match(
    badInputOf(() => rowsOf(csvRowSource('a,b\n1,"2\n', "input.csv"))).message,
    /not valid at line 2/,
  );
  assert.match(badInputOf(() => csvRowSource("", "input.csv")).message, /empty/);
  assert.match(badInputOf(() => csvRowSource("a,A\n1,2\n", "input.csv")).message, /appears twice/);
});

test("property: for generated tables the streaming reader and parseCsv agree", () => {
  const cell = fc.oneof(
    fc.constantFrom(
      "",
      "NA",
      "NaN",
      "1",
      "-2.5",
      "true",
      " x ",
      "a,b",
      'say "hi"',
      "two\nlines",
      "tab\there",
    ),
    fc.string({ maxLength: 6 }).filter((s) => !s.includes("\r")),
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.array(cell, { minLength: 4, maxLength: 4 })),
      (m, rows) => {
        const quote = (v: string) => (/[",\n]|^\s|\s$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
        const header = Array.from({ length: m }, (_, j) => `c${j}`);
        const text =
          [header, ...rows.map((r) => r.slice(0, m))].map((r) => r.map(quote).join(",")).join("\n") + "\n";
        let expected: ReturnType<typeof parseCsv> | Error;
        try {
          expected = parseCsv(text, "f");
        } catch (err) {
          expected = err as Error;
        }
        if (expected instanceof Error) {
          assert.throws(() => rowsOf(csvRowSource(text, "f")));
          return;
        }
        const got = csvRowSource(text, "f");
        assert.deepEqual(rowsOf(got), expected.rows);
      },
    ),
    propertyOptions(300),
  );
});

test("types come from a sample; inferColumns over every row equals inferTypes", () => {
  const text = "i,f,b,t,empty\n1,1.5,true,x,\n2,2,FALSE,7,\n-3,1e3,true,y,\n";
  const src = csvRowSource(text, "f");
  const all = inferColumns(src);
  assert.deepEqual(
    all.map((c) => [c.type, c.maxLength]),
    inferTypes(parseCsv(text, "f")).map((c) => [c.type, c.maxLength]),
  );
  assert.deepEqual(
    all.map((c) => c.unseen),
    [false, false, false, false, true],
  );
  assert.deepEqual(
    inferColumns(src, 1).map((c) => c.type),
    ["integer", "float", "boolean", "text", "text"],
  );
});

test("the bulk text format: tab-separated, \\N for null, 1/0 booleans, escaped text; a value the sample did not show stops it", () => {
  const src = csvRowSource('n,flag,note\n1,TRUE,"a\tb\\\\c\nd"\nNA,false,plain\n', "f");
  const cols = inferColumns(src);
  const out = Buffer.concat([
    ...bulkChunks(src, cols, { check: true, maxTextLength: [255, 255, 255] }),
  ]).toString();
  assert.equal(out, "1\t1\ta\\tb\\\\\\\\c\\nd\n\\N\t0\tplain\n");

  const later = csvRowSource("n,t\n1,a\n2,b\nx,c\n", "f");
  const sample = inferColumns(later, 2);
  assert.equal(sample[0].type, "integer");
  assert.throws(
    () => [...bulkChunks(later, sample, { check: true, maxTextLength: [255, 255] })],
    (err) => err instanceof WiderTypesNeeded && err.column === "n",
  );
  assert.throws(
    () => [...bulkChunks(later, inferColumns(later), { check: true, maxTextLength: [255, 0] })],
    (err) => err instanceof WiderTypesNeeded && err.column === "t",
    "text longer than the column holds",
  );
});
