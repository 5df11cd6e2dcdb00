// Benchmark rows for ONNX: the same scikit-learn logistic-regression pipeline exported with skl2onnx and logged with
// mlflow.onnx.log_model, served by the gateway's predict (onnxruntime-node, in-process) and by `mlflow models serve`
// of that same registered version (onnxruntime in Python), 1 row and 1,000 rows per request, same autocannon settings.
//
// Usage (after `npx tsc -p .`, the stack up and its settings in the environment): node dist/bench/predict-onnx.js
// [--quick] [--url http://host:port/graphql]. `npm run bench` runs it as one part of bench/run.ts.
import "reflect-metadata";

import {
  formatNumber,
  markdownTable,
  renderRows,
  row,
  Row,
  Section,
  startGatewayProcess,
  stopProcess,
} from "./lib";
import {
  load,
  LoadResult,
  post,
  PREDICT,
  predictOptions,
  PredictOptions,
  rowsOf,
  startMlflowScoringServer,
  startMlflowServe,
} from "./predict";

export interface OnnxOptions extends Omit<PredictOptions, "model" | "mlflowUrl"> {
  /** The ONNX version both servers serve, as "name/version". */
  model: string;
  /** `mlflow models serve` of the same version (base URL). */
  mlflowUrl: string;
}

const BASELINE = "mlflow models serve (the same ONNX version)";

export async function runOnnx(opts: OnnxOptions): Promise<Section> {
  const loads: LoadResult[] = [];
  const rows: Row[] = [];
  for (const size of [1, 1000]) {
    const inputs = rowsOf(size);
    const gatewayBody = JSON.stringify({ query: PREDICT, variables: { model: opts.model, inputs } });
    const mlflowBody = JSON.stringify({ dataframe_records: inputs });
    // One real answer from each first: both serve the model before they are timed.
    await post(opts.gatewayUrl, gatewayBody);
    await post(`${opts.mlflowUrl}/invocations`, mlflowBody);
    const gw = await load(
      opts,
      "gateway (ONNX)",
      opts.gatewayUrl,
      gatewayBody,
      size,
      (b) => !b.includes('"errors"'),
    );
    const ml = await load(
      opts,
      "mlflow models serve (ONNX)",
      `${opts.mlflowUrl}/invocations`,
      mlflowBody,
      size,
      (b) => b.startsWith('{"predictions"'),
    );
    loads.push(gw, ml);
    const label = size === 1 ? "predict ONNX, 1 row per request" : "predict ONNX, 1,000 rows per request";
    const unit = size === 1 ? "req/s" : "rows/s";
    const throughput = (l: LoadResult) => l.result.requests.average * size;
    rows.push(
      row({
        measure: `${label}: throughput`,
        unit,
        gateway: throughput(gw),
        baseline: throughput(ml),
        baselineName: BASELINE,
        better: "higher",
        note:
          size === 1
            ? "both run the same graph in onnxruntime; per request the gateway executes a GraphQL document and logs the row"
            : "both score the batch in onnxruntime; the gateway coerces 1,000 JSON objects through GraphQL and builds the tensors",
        // Issue 11's aim: in-process ONNX serving at least 20× MLflow's scoring server on single rows.
        ...(size === 1
          ? { goal: { ratio: 20, why: "GraphQL execution per request and a saturated shared machine" } }
          : {}),
      }),
      row({
        measure: `${label}: p50 latency`,
        unit: "ms",
        gateway: gw.result.latency.p50,
        baseline: ml.result.latency.p50,
        baselineName: BASELINE,
        better: "lower",
        note: "GraphQL execution and the prediction log share the event loop",
      }),
    );
  }
  return {
    title: "predict (ONNX)",
    rows,
    details: [
      `Model \`${opts.model}\`: the benchmark's scikit-learn pipeline converted with skl2onnx (one input per column, ` +
        `zipmap off) and logged with mlflow.onnx.log_model; the gateway and \`mlflow models serve\` serve that same ` +
        `registered version. autocannon: ${opts.connections} connections, ${opts.duration} s per server and payload.`,
      "",
      markdownTable(
        ["Server", "Rows per request", "req/s", "rows/s", "p50 ms", "p99 ms"],
        loads.map((l) => [
          l.server,
          l.rows.toLocaleString("en-US"),
          formatNumber(l.result.requests.average),
          formatNumber(l.result.requests.average * l.rows),
          formatNumber(l.result.latency.p50),
          formatNumber(l.result.latency.p99),
        ]),
        ["l", "r", "r", "r", "r", "r"],
      ),
    ],
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const i = argv.indexOf("--url");
  const cleanups: (() => Promise<void>)[] = [];
  try {
    let url = i >= 0 ? argv[i + 1] : undefined;
    if (!url) {
      const gw = await startGatewayProcess();
      cleanups.push(() => stopProcess(gw.child));
      url = gw.url;
    }
    const trained = await startMlflowScoringServer();
    cleanups.push(() => trained.close());
    const serve = await startMlflowServe(trained.onnxModelUri);
    cleanups.push(() => serve.close());
    const section = await runOnnx({
      ...predictOptions(argv),
      gatewayUrl: url,
      model: trained.onnxReference,
      mlflowUrl: serve.url,
    });
    console.log(`\n${renderRows(section.rows)}\n\n${section.details.join("\n")}`);
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

if (require.main === module)
  main().catch((err) => {
    console.error(`benchmark failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
