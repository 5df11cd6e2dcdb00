// Pure dataset logic: identifiers, CSV/JSON parsing, type inference, stratified split, one-hot preparation, digests.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { GraphQLError } from "graphql";
import { checkIdentifier, isIdentifier } from "../../src/services/datasets/identifiers";
import { indicatorName, prepareRows, stratifiedSplit } from "../../src/services/datasets/prepare";
import { digestRows, normalizeValue } from "../../src/services/datasets/service";
import { statementChunks } from "../../src/services/datasets/sources";
import { convertRows, inferTypes, parseCsv, tableFromJson } from "../../src/services/datasets/tabular";
import { propertyOptions } from "../helpers/property";

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

test("identifiers: letters, digits and underscores, not starting with a digit, at most 64 characters", () => {
  for (const ok of ["penguins", "_x", "A1_b2", "a".repeat(64)]) assert.ok(isIdentifier(ok), ok);
  for (const bad of ["", "1abc", "a-b", "a b", "a;DROP TABLE x", "a`b", 'a"b', "é", "a".repeat(65), "a\n"])
    assert.ok(!isIdentifier(bad), JSON.stringify(bad));
  const err = badInputOf(() => checkIdentifier("x y", "input.name", "dataset name"));
  assert.equal(err.extensions.field, "input.name");
  assert.match(err.message, /dataset name "x y" is not allowed/);
  assert.match(
    badInputOf(() => checkIdentifier("a".repeat(64), "input.to", "table", 63)).message,
    /too long/,
  );
});

test("CSV parsing: header, trimmed cells, NA / NaN / empty as null, blank lines skipped, BOM ignored", () => {
  const t = parseCsv('\uFEFFa, b ,c\n1, NA ,x\n\nNaN,,"q, r"\n', "input.csv");
  assert.deepEqual(t.columns, ["a", "b", "c"]);
  assert.deepEqual(t.rows, [
    ["1", null, "x"],
    [null, null, "q, r"],
  ]);
});

test("CSV parsing: a row with the wrong number of fields fails naming its line", () => {
  const err = badInputOf(() => parseCsv("a,b,c\n1,2,3\n4,5\n", "input.csv"));
  assert.match(err.message, /^line 3 of the CSV has 2 fields but the header has 3/);
  assert.equal(err.extensions.line, 3);
  assert.equal(err.extensions.field, "input.csv");
  assert.match(badInputOf(() => parseCsv('a,b\n1,"2\n', "input.csv")).message, /not valid at line 2/);
  assert.match(badInputOf(() => parseCsv("", "input.csv")).message, /empty/);
  assert.match(badInputOf(() => parseCsv("a,a\n1,2\n", "input.csv")).message, /appears twice/);
  assert.match(badInputOf(() => parseCsv("a,A\n1,2\n", "input.csv")).message, /appears twice/);
  assert.match(
    badInputOf(() => parseCsv("ok,sepal length\n1,2\n", "input.csv")).message,
    /"sepal length" is not allowed/,
  );
});

test("type inference: integer, then float, then boolean, else text; all-null columns are text", () => {
  const t = parseCsv(
    "i,f,b,s,n,big,mixed\n1,1.5,true,x,NA,9007199254740993,1\n-2,2,FALSE,y,,1,true\n+3,1e3,True,3,NaN,2,\n",
    "csv",
  );
  assert.deepEqual(
    inferTypes(t).map((x) => x.type),
    ["integer", "float", "boolean", "text", "text", "float", "text"],
  );
  assert.equal(inferTypes(t)[3].maxLength, 1);
  assert.deepEqual(
    convertRows(
      t,
      inferTypes(t).map((x) => x.type),
    )[1],
    [-2, 2, false, "y", null, 1, "true"],
  );
  // Values that only look numeric stay text.
  const odd = parseCsv("v\n1.2.3\n0x10\nInfinity\n", "csv");
  assert.deepEqual(
    inferTypes(odd).map((x) => x.type),
    ["text"],
  );
});

test("JSON rows: union of keys in first-seen order, typed values become text cells, objects are refused", () => {
  const t = tableFromJson(
    [
      { a: 1, b: "x" },
      { b: null, c: true },
      { a: 2.5, c: false, d: { z: 1 } },
    ],
    "input.url",
  );
  assert.deepEqual(t.columns, ["a", "b", "c", "d"]);
  assert.deepEqual(t.rows, [
    ["1", "x", null, null],
    [null, null, "true", null],
    ["2.5", null, "false", '{"z":1}'],
  ]);
  assert.deepEqual(
    inferTypes(t).map((x) => x.type),
    ["float", "text", "boolean", "text"],
  );
  assert.match(badInputOf(() => tableFromJson({ a: 1 }, "input.url")).message, /array of objects/);
  assert.match(badInputOf(() => tableFromJson([1, 2], "input.url")).message, /item 0/);
});

test("stratified split: part sizes like scikit-learn (ceil), every class in every part, seeded", () => {
  // Penguins after dropping nulls: 146 Adelie, 68 Chinstrap, 119 Gentoo.
  const labels = [...Array(146).fill("Adelie"), ...Array(68).fill("Chinstrap"), ...Array(119).fill("Gentoo")];
  const s = stratifiedSplit(labels, { validation: 0, test: 0.2, seed: 42 });
  assert.equal(s.test.length, 67);
  assert.equal(s.train.length, 266);
  assert.equal(s.validation.length, 0);
  const count = (idx: number[], label: string) => idx.filter((i) => labels[i] === label).length;
  assert.deepEqual(
    ["Adelie", "Chinstrap", "Gentoo"].map((l) => count(s.test, l)),
    [29, 14, 24],
  );
  assert.deepEqual(
    stratifiedSplit(labels, { validation: 0, test: 0.2, seed: 42 }),
    s,
    "same seed, same split",
  );
  assert.notDeepEqual(stratifiedSplit(labels, { validation: 0, test: 0.2, seed: 43 }).test, s.test);
  const three = stratifiedSplit(labels, { validation: 0.1, test: 0.2, seed: 1 });
  assert.deepEqual([three.train.length, three.validation.length, three.test.length], [232, 34, 67]);
});

test("stratified split: always a partition of the rows, each part the right size, train keeps every class when it can", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom("a", "b", "c", null), { minLength: 1, maxLength: 200 }),
      fc.double({ min: 0, max: 0.45, noNaN: true }),
      fc.double({ min: 0, max: 0.45, noNaN: true }),
      fc.integer(),
      (labels, validation, test, seed) => {
        const s = stratifiedSplit(labels, { validation, test, seed });
        const all = [...s.train, ...s.validation, ...s.test].sort((x, y) => x - y);
        assert.deepEqual(
          all,
          labels.map((_, i) => i),
        );
        const n = labels.length;
        const wantTest = test > 0 ? Math.ceil(n * test) : 0;
        const wantValidation = validation > 0 ? Math.ceil(n * validation) : 0;
        if (wantTest + wantValidation <= n - new Set(labels).size) {
          assert.equal(s.test.length, wantTest);
          assert.equal(s.validation.length, wantValidation);
          assert.deepEqual(new Set(s.train.map((i) => labels[i])), new Set(labels));
        }
      },
    ),
    propertyOptions(300),
  );
});

const penguinLike = [
  { species: "Adelie", island: "Biscoe", mass: 3000, sex: "male" },
  { species: "Adelie", island: "Dream", mass: null, sex: "female" },
  { species: "Gentoo", island: "Biscoe", mass: 5000, sex: null },
  { species: "Gentoo", island: "Biscoe", mass: 5100, sex: "female" },
  { species: "Adelie", island: "Torgersen", mass: 3100, sex: "female" },
];
const cols = ["species", "island", "mass", "sex"];
const baseOpts = {
  label: "species",
  dropNulls: true,
  oneHot: [],
  split: null,
  batchSize: null,
  maxIdentifierLength: 64,
};

test("prepare: drops rows with nulls and one-hots columns in place into integer indicator columns", () => {
  const p = prepareRows(cols, penguinLike, { ...baseOpts, oneHot: ["island", "sex"] });
  assert.deepEqual(
    p.columns.map((c) => c.name),
    ["species", "island_Biscoe", "island_Torgersen", "mass", "sex_female", "sex_male"],
  );
  assert.deepEqual(p.train, [
    ["Adelie", 1, 0, 3000, 0, 1],
    ["Gentoo", 1, 0, 5100, 1, 0],
    ["Adelie", 0, 1, 3100, 1, 0],
  ]);
  assert.equal(p.rowCount, 3);
  assert.equal(p.batches, 1);
  assert.equal(p.test, null);
});

test("prepare: batch_id numbers train rows by batchSize; nulls kept when dropNulls is false", () => {
  const p = prepareRows(cols, penguinLike, { ...baseOpts, dropNulls: false, batchSize: 2, oneHot: ["sex"] });
  assert.equal(p.trainColumns.at(-1)!.name, "batch_id");
  assert.deepEqual(
    p.train.map((r) => r.at(-1)),
    [0, 0, 1, 1, 2],
  );
  assert.equal(p.batches, 3);
  // A null sex has no indicator set.
  assert.deepEqual(p.train[2].slice(3, 5), [0, 0]);
});

test("prepare: refuses a one-hot label, bad fractions, clashing or overlong indicator names", () => {
  assert.match(
    badInputOf(() => prepareRows(cols, penguinLike, { ...baseOpts, oneHot: ["species"] })).message,
    /label/,
  );
  const split = { validation: 0.5, test: 0.5, seed: 1 };
  assert.equal(
    badInputOf(() => prepareRows(cols, penguinLike, { ...baseOpts, split })).extensions.field,
    "input.split",
  );
  assert.match(
    badInputOf(() =>
      prepareRows(["y", "c", "c_a"], [{ y: 1, c: "a", c_a: 2 }], { ...baseOpts, label: "y", oneHot: ["c"] }),
    ).message,
    /twice/,
  );
  assert.match(
    badInputOf(() =>
      prepareRows(["y", "c"], [{ y: 1, c: "x".repeat(70) }], { ...baseOpts, label: "y", oneHot: ["c"] }),
    ).message,
    /not a valid column name/,
  );
  assert.match(
    badInputOf(() => prepareRows(cols, [{ species: null, island: null, mass: null, sex: null }], baseOpts))
      .message,
    /no rows are left/,
  );
  assert.equal(indicatorName("size", "1.5 m"), "size_1_5_m");
});

test("digest: 36 hex digits, stable for the same rows, different when a value or the order changes", () => {
  const rows = [
    { a: 1, b: "x" },
    { a: 2, b: null },
  ];
  const d = digestRows(["a", "b"], rows);
  assert.match(d, /^[0-9a-f]{36}$/);
  assert.equal(
    digestRows(
      ["a", "b"],
      [
        { b: "x", a: 1 },
        { a: 2, b: null },
      ],
    ),
    d,
  );
  assert.notEqual(digestRows(["a", "b"], [rows[1], rows[0]]), d);
  assert.notEqual(
    digestRows(
      ["a", "b"],
      [
        { a: 1, b: "x" },
        { a: 2, b: "" },
      ],
    ),
    d,
  );
});

test("values: numeric strings become numbers, dates ISO text, non-finite numbers null", () => {
  assert.equal(normalizeValue("12.50", true), 12.5);
  assert.equal(normalizeValue("12.50", false), "12.50");
  assert.equal(normalizeValue(null, true), null);
  assert.equal(normalizeValue(new Date("2024-01-02T03:04:05Z"), false), "2024-01-02T03:04:05.000Z");
  assert.equal(normalizeValue(Number.NaN, true), null);
});

test("bulk insert chunks: at most 1000 rows, 60,000 values and about 4 MiB of text per statement", () => {
  const rows = Array.from({ length: 2500 }, (_, i) => [i, "x"]);
  assert.deepEqual(
    [...statementChunks(rows, 2)].map((c) => c.length),
    [1000, 1000, 500],
  );
  const wide = Array.from({ length: 100 }, () => Array(1000).fill(1));
  assert.deepEqual(
    [...statementChunks(wide, 1000)].map((c) => c.length),
    [60, 40],
  );
  const long = Array.from({ length: 10 }, () => ["y".repeat(1024 * 1024)]);
  assert.ok([...statementChunks(long, 1)].every((c) => c.length <= 2));
});
