// Datasets against the real MariaDB and PostgreSQL of the stack: ingest, list, preview, profile, prepare.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  DatasetDocument,
  DatasetProfileDocument,
  DatasetRowsDocument,
  DatasetRunsDocument,
  DatasetsDocument,
  IngestDatasetDocument,
  PrepareDatasetDocument,
  type DatasetSource,
} from "../generated/graphql";
import { DatasetSource as Source } from "../../src/schema/enums";
import { dataOf, startTestGateway, uniqueName, type TestGateway } from "../helpers/gateway";

let gw: TestGateway;
const created: { source: DatasetSource; table: string }[] = [];

before(async () => {
  gw = await startTestGateway();
});

after(async () => {
  for (const { source, table } of created) {
    await gw.services.datasets
      .sourceOf(source as Source)
      .dropTable(table)
      .catch(() => {});
  }
  await gw.close();
});

function track(source: DatasetSource, ...tables: string[]) {
  for (const table of tables) created.push({ source, table });
}

const errorOf = (res: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) => {
  assert.ok(res.errors?.length, "expected a GraphQL error");
  return res.errors[0];
};

for (const source of ["MYSQL", "POSTGRES"] as const) {
  describe(`datasets in ${source}`, () => {
    const penguins = uniqueName("penguins");
    const prepared = uniqueName("pg_clean");

    test(`ingesting PENGUINS into ${source} gives 344 rows and a profile with 11 null sex values`, async () => {
      track(source, penguins);
      const { ingestDataset } = dataOf(
        await gw.gql(IngestDatasetDocument, { input: { name: penguins, source, builtin: "PENGUINS" } }),
      );
      assert.equal(ingestDataset.rowsWritten, 344);
      assert.equal(ingestDataset.dataset.rowCount, 344);
      assert.deepEqual(
        ingestDataset.dataset.columns.map((c) => c.name),
        [
          "species",
          "island",
          "bill_length_mm",
          "bill_depth_mm",
          "flipper_length_mm",
          "body_mass_g",
          "sex",
          "year",
        ],
      );
      const type = (name: string) =>
        ingestDataset.dataset.columns.find((c) => c.name === name)!.type.toLowerCase();
      assert.match(type("bill_length_mm"), /double/);
      assert.match(type("year"), /bigint/);
      assert.match(type("species"), /varchar|text/);

      const { dataset } = dataOf(await gw.gql(DatasetProfileDocument, { name: penguins, source }));
      const col = (name: string) => dataset!.profile.find((p) => p.name === name)!;
      assert.equal(col("sex").nullCount, 11);
      assert.equal(col("sex").distinctCount, 2);
      assert.equal(col("bill_length_mm").nullCount, 2);
      assert.equal(col("species").distinctCount, 3);
      assert.equal(col("species").min, "Adelie");
      assert.equal(col("species").max, "Gentoo");
      assert.equal(col("species").mean, null);
      assert.equal(col("year").min, 2007);
      assert.equal(col("year").max, 2009);
      assert.equal(col("flipper_length_mm").min, 172);
      assert.ok(Math.abs(col("bill_length_mm").mean! - 43.92193) < 1e-4, String(col("bill_length_mm").mean));
    });

    test(`${source}: datasets lists the table and rows previews it with NULLs as null`, async () => {
      const { datasets } = dataOf(await gw.gql(DatasetsDocument, { source }));
      const listed = datasets.find((d) => d.name === penguins);
      assert.ok(listed, "the ingested table is listed");
      assert.equal(listed.rowCount, 344);
      assert.ok(datasets.every((d) => d.source === source));
      assert.ok(!datasets.some((d) => d.name.startsWith("__gw_")), "staging tables are hidden");

      const { dataset } = dataOf(
        await gw.gql(DatasetRowsDocument, { name: penguins, source, limit: 2, offset: 3 }),
      );
      assert.equal(dataset!.rows.length, 2);
      // Row 4 of the file is the first with missing measurements (NA).
      assert.deepEqual(dataset!.rows[0], {
        species: "Adelie",
        island: "Torgersen",
        bill_length_mm: null,
        bill_depth_mm: null,
        flipper_length_mm: null,
        body_mass_g: null,
        sex: null,
        year: 2007,
      });
      assert.equal(dataset!.rows[1].bill_length_mm, 36.7);
    });

    test(`${source}: prepare with dropNulls, oneHot [island, sex] and a 0.2 test split gives 333 rows split 266/67 with every species in both`, async () => {
      track(source, prepared, `${prepared}_test`, `${prepared}_validation`);
      const { prepareDataset } = dataOf(
        await gw.gql(PrepareDatasetDocument, {
          input: {
            from: penguins,
            to: prepared,
            source,
            label: "species",
            dropNulls: true,
            oneHot: ["island", "sex"],
            split: { test: 0.2, seed: 7 },
          },
        }),
      );
      const { train, test: testPart, validation, batches } = prepareDataset;
      assert.equal(train.rowCount + testPart!.rowCount, 333);
      assert.equal(train.rowCount, 266);
      assert.equal(testPart!.rowCount, 67);
      assert.equal(validation, null);
      assert.equal(batches, 1);
      assert.equal(testPart!.name, `${prepared}_test`);
      assert.deepEqual(
        train.columns.map((c) => c.name),
        [
          "species",
          "island_Biscoe",
          "island_Dream",
          "island_Torgersen",
          "bill_length_mm",
          "bill_depth_mm",
          "flipper_length_mm",
          "body_mass_g",
          "sex_female",
          "sex_male",
          "year",
        ],
      );
      assert.match(train.columns.find((c) => c.name === "sex_male")!.type.toLowerCase(), /int/);
      for (const part of [train.name, testPart!.name]) {
        const { dataset } = dataOf(await gw.gql(DatasetProfileDocument, { name: part, source }));
        const col = (name: string) => dataset!.profile.find((p) => p.name === name)!;
        assert.equal(col("species").distinctCount, 3, `every species in ${part}`);
        assert.equal(col("sex_male").min, 0);
        assert.equal(col("sex_male").max, 1);
        for (const p of dataset!.profile) assert.equal(p.nullCount, 0, `${part}.${p.name} has no nulls`);
      }
      // Stratified: each species' share of the test part is within one row of its share overall.
      const { dataset: testRows } = dataOf(
        await gw.gql(DatasetRowsDocument, { name: testPart!.name, source, limit: 1000 }),
      );
      const count = (s: string) => testRows!.rows.filter((r) => r.species === s).length;
      assert.ok(Math.abs(count("Adelie") - 146 * 0.2) <= 1, `Adelie ${count("Adelie")}`);
      assert.ok(Math.abs(count("Chinstrap") - 68 * 0.2) <= 1, `Chinstrap ${count("Chinstrap")}`);
      assert.ok(Math.abs(count("Gentoo") - 119 * 0.2) <= 1, `Gentoo ${count("Gentoo")}`);
    });

    test(`${source}: the same seed gives the same split; batchSize numbers the train rows in batches`, async () => {
      const again = uniqueName("pg_again");
      track(source, again, `${again}_test`, `${again}_validation`);
      const { prepareDataset } = dataOf(
        await gw.gql(PrepareDatasetDocument, {
          input: {
            from: penguins,
            to: again,
            source,
            label: "species",
            oneHot: ["island", "sex"],
            split: { validation: 0.1, test: 0.2, seed: 7 },
            batchSize: 50,
          },
        }),
      );
      assert.equal(prepareDataset.validation!.rowCount, 34); // ceil(333 × 0.1)
      assert.equal(prepareDataset.test!.rowCount, 67);
      assert.equal(prepareDataset.train.rowCount, 232);
      assert.equal(prepareDataset.batches, 5);
      assert.equal(prepareDataset.train.columns.at(-1)!.name, "batch_id");
      const { dataset } = dataOf(await gw.gql(DatasetProfileDocument, { name: again, source }));
      const batch = dataset!.profile.find((p) => p.name === "batch_id")!;
      assert.deepEqual([batch.min, batch.max, batch.distinctCount], [0, 4, 5]);
      // Same seed, same rows in the test part as the first prepare (7): test is drawn before validation.
      const rowsOf = async (name: string) =>
        dataOf(await gw.gql(DatasetRowsDocument, { name, source, limit: 1000 })).dataset!.rows.map((r) =>
          JSON.stringify(r),
        );
      assert.deepEqual(await rowsOf(`${again}_test`), await rowsOf(`${prepared}_test`));
    });

    test(`${source}: a CSV with a bad row fails with its line number and leaves the previous table untouched`, async () => {
      const table = uniqueName("csv");
      track(source, table);
      const good = "a,b,label\n1,2.5,x\n2,NA,y\n3,4.5,\n";
      const first = dataOf(
        await gw.gql(IngestDatasetDocument, { input: { name: table, source, csv: good } }),
      );
      assert.equal(first.ingestDataset.rowsWritten, 3);
      const before = dataOf(await gw.gql(DatasetRowsDocument, { name: table, source, limit: 10 })).dataset!
        .rows;
      assert.deepEqual(before, [
        { a: 1, b: 2.5, label: "x" },
        { a: 2, b: null, label: "y" },
        { a: 3, b: 4.5, label: null },
      ]);

      const bad = "a,b,label\n10,20,p\n11,21,q\n12,22\n13,23,r\n";
      const res = await gw.gql(IngestDatasetDocument, { input: { name: table, source, csv: bad } });
      const err = errorOf(res);
      assert.equal(err.extensions?.code, "BAD_USER_INPUT");
      assert.match(err.message, /line 4/);
      assert.equal(err.extensions?.field, "input.csv");

      const after = dataOf(await gw.gql(DatasetDocument, { name: table, source })).dataset!;
      assert.equal(after.rowCount, 3);
      const rows = dataOf(await gw.gql(DatasetRowsDocument, { name: table, source, limit: 10 })).dataset!
        .rows;
      assert.deepEqual(rows, before);
    });

    test(`${source}: REPLACE swaps the whole table, APPEND adds rows and names the columns that differ`, async () => {
      const table = uniqueName("mode");
      track(source, table);
      dataOf(await gw.gql(IngestDatasetDocument, { input: { name: table, source, csv: "x,y\n1,a\n2,b\n" } }));
      const replaced = dataOf(
        await gw.gql(IngestDatasetDocument, {
          input: { name: table, source, csv: "x,y,ok\n5,c,true\n", mode: "REPLACE" },
        }),
      );
      assert.equal(replaced.ingestDataset.dataset.rowCount, 1);
      assert.deepEqual(
        replaced.ingestDataset.dataset.columns.map((c) => c.name),
        ["x", "y", "ok"],
      );

      const appended = dataOf(
        await gw.gql(IngestDatasetDocument, {
          input: { name: table, source, csv: "ok,x,y\nfalse,6,d\nTRUE,7,e\n", mode: "APPEND" },
        }),
      );
      assert.equal(appended.ingestDataset.rowsWritten, 2);
      assert.equal(appended.ingestDataset.dataset.rowCount, 3);

      const res = await gw.gql(IngestDatasetDocument, {
        input: { name: table, source, csv: "x,z\n8,f\n", mode: "APPEND" },
      });
      const err = errorOf(res);
      assert.equal(err.extensions?.code, "BAD_USER_INPUT");
      assert.match(err.message, /missing "y", "ok"/);
      assert.match(err.message, /not in the table: "z"/);
      assert.equal(dataOf(await gw.gql(DatasetDocument, { name: table, source })).dataset!.rowCount, 3);

      // 1,500 rows go in two statements; the last row's x is not a number, so the first statement is rolled back.
      const rows = Array.from({ length: 1500 }, (_, i) => `${i % 2 === 0},${i === 1499 ? "oops" : i},r${i}`);
      const bad = errorOf(
        await gw.gql(IngestDatasetDocument, {
          input: { name: table, source, csv: `ok,x,y\n${rows.join("\n")}\n`, mode: "APPEND" },
        }),
      );
      assert.equal(bad.extensions?.code, "BAD_USER_INPUT");
      assert.match(bad.message, /does not fit the columns/);
      assert.equal(dataOf(await gw.gql(DatasetDocument, { name: table, source })).dataset!.rowCount, 3);
    });
  });
}

test("ingest needs exactly one of builtin, csv and url", async () => {
  const name = uniqueName("none");
  let err = errorOf(await gw.gql(IngestDatasetDocument, { input: { name } }));
  assert.equal(err.extensions?.code, "BAD_USER_INPUT");
  assert.match(err.message, /one of builtin, csv or url/);
  err = errorOf(await gw.gql(IngestDatasetDocument, { input: { name, builtin: "IRIS", csv: "a\n1\n" } }));
  assert.equal(err.extensions?.code, "BAD_USER_INPUT");
  assert.match(err.message, /got builtin and csv/);
});

test("table and column names must be identifiers; hostile names never reach SQL", async () => {
  let err = errorOf(
    await gw.gql(IngestDatasetDocument, { input: { name: "x; DROP TABLE users", builtin: "IRIS" } }),
  );
  assert.equal(err.extensions?.code, "BAD_USER_INPUT");
  assert.equal(err.extensions?.field, "input.name");
  err = errorOf(
    await gw.gql(IngestDatasetDocument, { input: { name: uniqueName("cols"), csv: "ok,`bad name`\n1,2\n" } }),
  );
  assert.equal(err.extensions?.code, "BAD_USER_INPUT");
  assert.match(err.message, /column name/);
  err = errorOf(await gw.gql(DatasetDocument, { name: "a`b" }));
  assert.equal(err.extensions?.code, "BAD_USER_INPUT");
});

test("an unknown dataset is null in dataset(name) and NOT_FOUND in prepareDataset", async () => {
  const missing = uniqueName("missing");
  for (const source of ["MYSQL", "POSTGRES"] as const) {
    assert.equal(dataOf(await gw.gql(DatasetDocument, { name: missing, source })).dataset, null);
  }
  const err = errorOf(
    await gw.gql(PrepareDatasetDocument, {
      input: { from: missing, to: uniqueName("out"), label: "species" },
    }),
  );
  assert.equal(err.extensions?.code, "NOT_FOUND");
  assert.equal(err.extensions?.field, "input.from");
});

test("IRIS ingests 150 rows with three species; rows refuses a limit over 1000", async () => {
  const iris = uniqueName("iris");
  track("MYSQL", iris);
  const { ingestDataset } = dataOf(
    await gw.gql(IngestDatasetDocument, { input: { name: iris, builtin: "IRIS" } }),
  );
  assert.equal(ingestDataset.dataset.rowCount, 150);
  const { dataset } = dataOf(await gw.gql(DatasetProfileDocument, { name: iris }));
  const species = dataset!.profile.find((p) => p.name === "species")!;
  assert.equal(species.distinctCount, 3);
  assert.ok(Math.abs(dataset!.profile.find((p) => p.name === "sepal_length")!.mean! - 5.843333) < 1e-5);
  const err = errorOf(await gw.gql(DatasetRowsDocument, { name: iris, limit: 1001 }));
  assert.equal(err.extensions?.code, "BAD_USER_INPUT");
  assert.equal(err.extensions?.field, "limit");
});

test("datasets without a source lists tables of both MySQL and PostgreSQL", async () => {
  const a = uniqueName("both");
  track("MYSQL", a);
  track("POSTGRES", a);
  for (const source of ["MYSQL", "POSTGRES"] as const) {
    dataOf(await gw.gql(IngestDatasetDocument, { input: { name: a, source, csv: "v\n1\n" } }));
  }
  const { datasets } = dataOf(await gw.gql(DatasetsDocument, {}));
  assert.deepEqual(
    datasets
      .filter((d) => d.name === a)
      .map((d) => d.source)
      .sort(),
    ["MYSQL", "POSTGRES"],
  );
});

test("Dataset.runs lists the MLflow runs whose dataset inputs name the table, per source", async () => {
  const table = uniqueName("lineage");
  track("MYSQL", table);
  dataOf(await gw.gql(IngestDatasetDocument, { input: { name: table, csv: "a,b\n1,2\n" } }));
  const mlflow = gw.services.mlflow;
  const experimentId = await mlflow.createExperiment(uniqueName("lineage_exp"));
  // MLflow keeps one dataset per (experiment, name, digest): different content, different digests.
  const input = (uri: string, digest: string) => [
    {
      dataset: { name: table, digest, source_type: "gateway", source: JSON.stringify({ uri }) },
      tags: [{ key: "mlflow.data.context", value: "train" }],
    },
  ];
  const mysqlRun = await mlflow.createRun({ experimentId, runName: "uses-mysql-table" });
  await mlflow.logInputs(
    mysqlRun.info.run_id,
    input(gw.services.datasets.tableUri(Source.MYSQL, table), "aaaa1111"),
  );
  const pgRun = await mlflow.createRun({ experimentId, runName: "uses-postgres-table" });
  await mlflow.logInputs(
    pgRun.info.run_id,
    input(gw.services.datasets.tableUri(Source.POSTGRES, table), "bbbb2222"),
  );
  await mlflow.createRun({ experimentId, runName: "uses-nothing" });

  const { dataset } = dataOf(await gw.gql(DatasetRunsDocument, { name: table, first: 10 }));
  assert.deepEqual(
    dataset!.runs.map((r) => r.id),
    [mysqlRun.info.run_id],
  );
  assert.equal(dataset!.runs[0].name, "uses-mysql-table");
});
