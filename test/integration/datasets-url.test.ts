// Ingest from http(s) URLs against a real local HTTP server: allowed hosts, private-address refusal, limits.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { DatasetRowsDocument, IngestDatasetDocument } from "../generated/graphql";
import { DatasetSource } from "../../src/schema/enums";
import { dataOf, startTestGateway, uniqueName, type TestGateway } from "../helpers/gateway";

let strict: TestGateway;
let allowing: TestGateway;
let server: http.Server;
let base: string;
const tables: { source: DatasetSource; table: string }[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/data.csv") {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end("id,score,passed\n1,0.5,true\n2,NaN,false\n3,1.25,\n");
    } else if (url.pathname === "/rows.json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify([
          { id: 1, name: "a" },
          { id: 2, name: null, extra: 2.5 },
          { id: 3, name: "NA" },
        ]),
      );
    } else if (url.pathname === "/big.csv") {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end("v\n" + "1234567890\n".repeat(1000));
    } else if (url.pathname === "/to-json") {
      res.writeHead(302, { location: "/rows.json" });
      res.end();
    } else if (url.pathname === "/to-localhost") {
      res.writeHead(302, { location: `http://localhost:${(server.address() as AddressInfo).port}/data.csv` });
      res.end();
    } else {
      res.writeHead(404);
      res.end("no");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  strict = await startTestGateway({ INGEST_URL_ALLOWED_HOSTS: "", INGEST_ALLOW_PRIVATE_URLS: "false" });
  allowing = await startTestGateway({ INGEST_URL_ALLOWED_HOSTS: "127.0.0.1", INGEST_MAX_BYTES: "4096" });
});

after(async () => {
  for (const { source, table } of tables)
    await allowing.services.datasets
      .sourceOf(source)
      .dropTable(table)
      .catch(() => {});
  await Promise.all([strict.close(), allowing.close()]);
  await new Promise((resolve) => server.close(resolve));
});

const firstError = (res: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) => {
  assert.ok(res.errors?.length, "expected a GraphQL error");
  return res.errors[0];
};

test("url ingest refuses a loopback host unless configuration allows it", async () => {
  const err = firstError(
    await strict.gql(IngestDatasetDocument, { input: { name: uniqueName("u"), url: `${base}/data.csv` } }),
  );
  assert.equal(err.extensions?.code, "BAD_USER_INPUT");
  assert.equal(err.extensions?.field, "input.url");
  assert.match(err.message, /private, loopback or reserved/);
  // A name that resolves to loopback is refused at connect time too.
  const viaName = firstError(
    await strict.gql(IngestDatasetDocument, {
      input: { name: uniqueName("u"), url: base.replace("127.0.0.1", "localhost") + "/data.csv" },
    }),
  );
  assert.equal(viaName.extensions?.code, "BAD_USER_INPUT");
  assert.match(viaName.message, /localhost.*private, loopback or reserved/);
});

test("url ingest refuses schemes other than http and https", async () => {
  const err = firstError(
    await allowing.gql(IngestDatasetDocument, {
      input: { name: uniqueName("u"), url: "file:///etc/passwd" },
    }),
  );
  assert.equal(err.extensions?.code, "BAD_USER_INPUT");
  assert.match(err.message, /only http and https/);
});

test("url ingest loads CSV and a JSON array of objects from an allowed host", async () => {
  const csvTable = uniqueName("url_csv");
  tables.push({ source: DatasetSource.MYSQL, table: csvTable });
  const csv = dataOf(
    await allowing.gql(IngestDatasetDocument, { input: { name: csvTable, url: `${base}/data.csv` } }),
  );
  assert.equal(csv.ingestDataset.rowsWritten, 3);
  const rows = dataOf(await allowing.gql(DatasetRowsDocument, { name: csvTable })).dataset!.rows;
  assert.deepEqual(rows, [
    { id: 1, score: 0.5, passed: 1 },
    { id: 2, score: null, passed: 0 },
    { id: 3, score: 1.25, passed: null },
  ]);

  const jsonTable = uniqueName("url_json");
  tables.push({ source: DatasetSource.POSTGRES, table: jsonTable });
  const json = dataOf(
    await allowing.gql(IngestDatasetDocument, {
      input: { name: jsonTable, source: "POSTGRES", url: `${base}/to-json` },
    }),
  );
  assert.deepEqual(
    json.ingestDataset.dataset.columns.map((c) => [c.name, c.type]),
    [
      ["id", "bigint"],
      ["name", "text"],
      ["extra", "double precision"],
    ],
  );
  const jsonRows = dataOf(await allowing.gql(DatasetRowsDocument, { name: jsonTable, source: "POSTGRES" }))
    .dataset!.rows;
  assert.deepEqual(jsonRows, [
    { id: 1, name: "a", extra: null },
    { id: 2, name: null, extra: 2.5 },
    { id: 3, name: null, extra: null },
  ]);
});

test("url ingest stops at the size limit, re-checks redirects and reports HTTP errors", async () => {
  let err = firstError(
    await allowing.gql(IngestDatasetDocument, { input: { name: uniqueName("u"), url: `${base}/big.csv` } }),
  );
  assert.equal(err.extensions?.code, "BAD_USER_INPUT");
  assert.match(err.message, /ingest limit of 4096 bytes/);
  err = firstError(
    await allowing.gql(IngestDatasetDocument, {
      input: { name: uniqueName("u"), url: `${base}/to-localhost` },
    }),
  );
  assert.equal(err.extensions?.code, "BAD_USER_INPUT");
  assert.match(err.message, /host "localhost" is not allowed/);
  err = firstError(
    await allowing.gql(IngestDatasetDocument, { input: { name: uniqueName("u"), url: `${base}/missing` } }),
  );
  assert.equal(err.extensions?.code, "BAD_USER_INPUT");
  assert.match(err.message, /HTTP 404/);
});
