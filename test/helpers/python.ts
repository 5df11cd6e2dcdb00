// Runs Python from the stack's venv (MLflow's own client) so tests can compare against it.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const VENV_PYTHON = path.join(
  process.env.STACK_VENV ?? path.join(ROOT, ".stack", "venv"),
  "bin",
  "python",
);

/** Run a Python script from test/python/ with args; returns its stdout parsed as JSON. */
export async function runPythonJson<T>(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<T> {
  const file = path.join(ROOT, "test", "python", script);
  const { stdout } = await run(VENV_PYTHON, [file, ...args], {
    env: {
      ...process.env,
      MLFLOW_TRACKING_URI: process.env.MLFLOW_TRACKING_URI ?? "http://127.0.0.1:5000",
      MLFLOW_S3_ENDPOINT_URL: process.env.S3_ENDPOINT ?? "http://127.0.0.1:9000",
      AWS_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID ?? "minioadmin",
      AWS_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY ?? "minioadmin",
      AWS_DEFAULT_REGION: process.env.S3_REGION ?? "us-east-1",
      MLFLOW_ENABLE_TELEMETRY: "false",
      GIT_PYTHON_REFRESH: "quiet",
      ...env,
    },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as T;
}
