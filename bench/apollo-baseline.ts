// Baseline for the predict benchmark: a minimal Apollo Server 5 on raw node:http (executeHTTPGraphQLRequest)
// whose constant resolver answers the same predict document with the same response shape. No auth, no model, no
// log: the ceiling for any Apollo-based gateway on this machine. Run as a child process (`--apollo-baseline`):
// it reads the constant answer's data on stdin and prints its port.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { spawn, ChildProcess } from "node:child_process";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { buildSchema } from "graphql";
import { JSONObjectResolver } from "graphql-scalars";

const SDL = `
  scalar JSONObject
  type ModelVersion { version: Int! name: String! }
  type ClassProbability { label: String! probability: Float! }
  type Prediction { label: String! probabilities: [ClassProbability!]! }
  type PredictionBatch { modelVersion: ModelVersion! predictions: [Prediction!]! }
  type Query { ok: Boolean! }
  type Mutation { predict(model: String!, inputs: [JSONObject!]!): PredictionBatch! }
`;

/** Start the baseline; `answer` is the gateway's own response body to the same request (its data is replayed). */
export function startApolloBaseline(answer: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [__filename, "--apollo-baseline"], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  child.stdin!.end(answer);
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) =>
      resolve({ url: `http://127.0.0.1:${d.toString().trim()}/graphql`, child }),
    );
    child.once("exit", (code) => reject(new Error(`Apollo baseline exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  let text = "";
  for await (const d of process.stdin) text += String(d);
  const predict = (JSON.parse(text) as { data: { predict: unknown } }).data.predict;
  const schema = buildSchema(SDL);
  Object.assign(schema.getType("JSONObject")!, {
    parseValue: JSONObjectResolver.parseValue,
    parseLiteral: JSONObjectResolver.parseLiteral,
    serialize: JSONObjectResolver.serialize,
  });
  const apollo = new ApolloServer({ schema, rootValue: { predict: () => predict } });
  await apollo.start();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const raw = Buffer.concat(chunks).toString("utf8");
      apollo
        .executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: req.method ?? "POST",
            headers,
            search: "",
            body: raw ? JSON.parse(raw) : {},
          },
          context: () => Promise.resolve({}),
        })
        .then((r) => {
          const out = r.body.kind === "complete" ? r.body.string : "";
          res.writeHead(r.status ?? 200, {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(out),
          });
          res.end(out);
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
}

if (process.argv.includes("--apollo-baseline"))
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
