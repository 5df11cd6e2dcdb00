// Bulk ingest against the real MariaDB and PostgreSQL: LOAD DATA LOCAL INFILE / COPY FROM STDIN, types from a
// sample corrected when later rows disagree, special characters, and the INSERT fallback when local_infile is refused.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import pino from "pino";
import { loadConfig } from "../../src/config";
import { DatasetSource, IngestMode } from "../../src/schema/enums";
import { SAMPLE_ROWS } from "../../src/services/datasets/bulk-ingest";
import { DatasetService } from "../../src/services/datasets/service";
import { MysqlSource, PostgresSource } from "../../src/services/datasets/sources";
import { testEnv, uniqueName } from "../helpers/gateway";

const config = loadConfig(testEnv({ INGEST_MAX_BYTES: String(64 * 1024 * 1024) }));
let mysqlSource: MysqlSource;
let pgSource: PostgresSource;
let datasets: DatasetService;
const created: { source: DatasetSource; table: string }[] = [];

before(() => {
  mysqlSource = new MysqlSource(config.mysqlUrl, config.upstreamTimeoutMs);
  pgSource = new PostgresSource(config.datasetsPgUrl, config.upstreamTimeoutMs);
  datasets = new DatasetService(mysqlSource, pgSource, config);
});
after(async () => {
  for (const { source, table } of created)
    await datasets
      .sourceOf(source)
      .dropTable(table)
      .catch(() => {});
  await mysqlSource.close();
  await pgSource.close();
});

function name(source: DatasetSource, prefix: string): string {
  const table = uniqueName(prefix);
  created.push({ source, table });
  return table;
}

for (const source of [DatasetSource.MYSQL, DatasetSource.POSTGRES]) {
  describe(`bulk ingest into ${source}`, () => {
    test(`${source}: a value after the ${SAMPLE_ROWS}-row sample that does not fit re-types the column; a column null in the sample gets its type from all rows`, async () => {
      const n = SAMPLE_ROWS + 500;
      const lines = ["id,code,late"];
      for (let i = 0; i < n; i++)
        lines.push(`${i},${i === n - 1 ? "X-1" : i},${i < SAMPLE_ROWS + 10 ? "NA" : i / 2}`);
      const table = name(source, "bulk_types");
      const out = await datasets.ingest({
        name: table,
        source,
        csv: lines.join("\n") + "\n",
        mode: IngestMode.REPLACE,
      });
      assert.equal(out.rowsWritten, n);
      assert.equal(out.dataset.rowCount, n);
      const types = Object.fromEntries(out.dataset.columns.map((c) => [c.name, c.type.toLowerCase()]));
      assert.match(types.id, /bigint/);
      assert.match(types.code, /char|text/, "the late 'X-1' makes code text");
      assert.match(types.late, /double/, "numbers after the sample make late a float, not text");
      const rows = await datasets.preview(source, table, 1, n - 1);
      assert.deepEqual(rows[0], { id: n - 1, code: "X-1", late: (n - 1) / 2 });
    });

    test(`${source}: a ragged row after the sample fails with its line; REPLACE and APPEND leave the table as it was`, async () => {
      const table = name(source, "bulk_ragged");
      await datasets.ingest({ name: table, source, csv: "a,b\n1,x\n2,y\n", mode: IngestMode.REPLACE });
      const n = SAMPLE_ROWS + 100;
      const body = Array.from({ length: n }, (_, i) => (i === n - 1 ? `${i}` : `${i},v${i}`));
      const csv = `a,b\n${body.join("\n")}\n`;
      for (const mode of [IngestMode.REPLACE, IngestMode.APPEND]) {
        await assert.rejects(
          datasets.ingest({ name: table, source, csv, mode }),
          (err: Error & { extensions?: Record<string, unknown> }) => {
            assert.equal(err.extensions?.code, "BAD_USER_INPUT", err.message);
            assert.match(
              err.message,
              new RegExp(`^line ${n + 1} of the CSV has 1 fields but the header has 2`),
            );
            return true;
          },
          mode,
        );
        const info = await datasets.describe(source, table);
        assert.equal(info?.rowCount, 2, `${mode} left the two old rows`);
      }
    });

    test(`${source}: tabs, backslashes, quotes and newlines in text survive the bulk path; APPEND streams into the same table`, async () => {
      const table = name(source, "bulk_text");
      const csv = 'k,note\n1,"tab\there"\n2,"back\\\\slash \\\\N"\n3,"say ""hi"", then\nnew line"\n4,\\N\n';
      const first = await datasets.ingest({ name: table, source, csv, mode: IngestMode.REPLACE });
      assert.equal(first.rowsWritten, 4);
      const more = await datasets.ingest({
        name: table,
        source,
        csv: "note,k\nlast,5\n",
        mode: IngestMode.APPEND,
      });
      assert.equal(more.dataset.rowCount, 5);
      const rows = await datasets.preview(source, table, 10, 0);
      assert.deepEqual(
        rows.map((r) => r.note),
        ["tab\there", "back\\\\slash \\\\N", 'say "hi", then\nnew line', "\\N", "last"],
      );
    });
  });
}

test("MySQL without LOCAL INFILE: ingest falls back to INSERTs, says so in the log, and writes the same rows", async () => {
  const lines: string[] = [];
  const capture = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const refusing = new MysqlSource(config.mysqlUrl, config.upstreamTimeoutMs, { localInfile: false });
  const service = new DatasetService(refusing, pgSource, config, pino({ level: "info" }, capture));
  try {
    const table = name(DatasetSource.MYSQL, "bulk_fallback");
    const csv =
      "a,b\n" + Array.from({ length: 3000 }, (_, i) => `${i},${i % 2 ? "true" : "false"}`).join("\n");
    const out = await service.ingest({
      name: table,
      source: DatasetSource.MYSQL,
      csv,
      mode: IngestMode.REPLACE,
    });
    assert.equal(out.rowsWritten, 3000);
    assert.equal(out.dataset.rowCount, 3000);
    // A table has no row order without ORDER BY: check the typed values of a page, whichever rows it holds.
    const rows = (await service.preview(DatasetSource.MYSQL, table, 50, 0)) as { a: unknown; b: unknown }[];
    assert.equal(rows.length, 50);
    for (const r of rows) {
      assert.equal(typeof r.a, "number", JSON.stringify(r));
      assert.equal(r.b, (r.a as number) % 2, `the boolean column of ${JSON.stringify(r)}`);
    }
    const warning = lines
      .map((l) => JSON.parse(l) as { msg: string; source?: string })
      .find((l) => /LOAD DATA/.test(l.msg));
    assert.ok(warning, `a log line names the fallback: ${lines.join("")}`);
    assert.equal(warning.source, "mysql");
  } finally {
    await refusing.close();
  }
});
