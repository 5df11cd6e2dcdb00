// docker-compose.yaml and the Dockerfiles, checked without Docker: services, healthchecks, pins, and env vs config.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { loadConfig } from "../../src/config";
import { composeDefault, configVariables, REPO_ROOT } from "../helpers/config-variables";

interface Service {
  image?: string;
  build?: string | { context: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: (string | number | { target: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  restart?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const read = (...parts: string[]) => readFileSync(path.join(REPO_ROOT, ...parts), "utf8");
const compose = parse(read("docker-compose.yaml")) as Compose;
const services = compose.services;

/** A service's environment as a plain map (compose allows a map or a list of NAME=value). */
function environment(s: Service): Record<string, string> {
  const env = s.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((e) => [e.split("=")[0], e.slice(e.indexOf("=") + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? "" : String(v)]));
}

/** A command as argv; the string form is split like compose does (whitespace, double quotes). */
function argv(cmd: string | string[] | undefined): string[] {
  if (cmd === undefined) return [];
  if (Array.isArray(cmd)) return cmd.map(String);
  return [...cmd.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

const ONE_SHOT = new Set(["minio-init"]);
const gatewayEnv = environment(services.gateway ?? {});
const mlflowArgs = argv(services.mlflow?.command);

test("docker-compose.yaml has the whole stack: mysql, postgres, minio + bucket job, mlflow and the gateway", () => {
  assert.deepEqual(Object.keys(services).sort(), [
    "gateway",
    "minio",
    "minio-init",
    "mlflow",
    "mysql",
    "postgres",
    "worker",
  ]);
  assert.match(services.mysql.image ?? "", /^mysql:8\.4(\.\d+)?$/);
  assert.match(services.postgres.image ?? "", /^postgres:16(\.\d+)?$/);
  assert.equal(services.gateway.build, ".");
  assert.equal(services.mlflow.build, "./docker/mlflow");
});

test("the worker service (two replicas) trains from the gateway's queue with the gateway's settings", () => {
  const worker = services.worker as typeof services.worker & { deploy?: { replicas?: number } };
  assert.deepEqual(argv(worker.command), ["node", "dist/src/worker.js"]);
  assert.equal(worker.deploy?.replicas, 2);
  const env = environment(worker);
  for (const name of [
    "DATABASE_URL",
    "MLFLOW_TRACKING_URI",
    "S3_ENDPOINT",
    "S3_BUCKET",
    "MYSQL_URL",
    "DATASETS_PG_URL",
  ])
    assert.equal(env[name], gatewayEnv[name], `${name} is the gateway's`);
});

test("every long-running service has a healthcheck; the bucket job is a one-shot", () => {
  for (const [name, s] of Object.entries(services)) {
    if (ONE_SHOT.has(name)) {
      assert.equal(s.restart, "no", `${name} runs once`);
      continue;
    }
    assert.ok(s.healthcheck?.test && !s.healthcheck.disable, `service ${name} needs a healthcheck`);
  }
});

test("depends_on waits for health (and for the bucket job to succeed), never just for a start", () => {
  for (const [name, s] of Object.entries(services)) {
    if (!s.depends_on) continue;
    assert.ok(!Array.isArray(s.depends_on), `${name}: depends_on must use the long form with a condition`);
    for (const [dep, { condition }] of Object.entries(s.depends_on)) {
      assert.ok(services[dep], `${name} depends on unknown service ${dep}`);
      const want = ONE_SHOT.has(dep) ? "service_completed_successfully" : "service_healthy";
      assert.equal(condition, want, `${name} → ${dep}`);
    }
  }
  const gatewayDeps = Object.keys(services.gateway.depends_on ?? {}).sort();
  assert.deepEqual(gatewayDeps, ["minio", "minio-init", "mlflow", "mysql", "postgres"]);
  const mlflowDeps = Object.keys(services.mlflow.depends_on ?? {}).sort();
  assert.deepEqual(mlflowDeps, ["minio-init", "postgres"]);
});

test("images are pinned: no latest, MinIO and mc by RELEASE tag", () => {
  for (const [name, s] of Object.entries(services)) {
    if (!s.image) {
      assert.ok(s.build, `${name} has neither image nor build`);
      continue;
    }
    const tag = s.image.split("/").pop()!.split(":")[1];
    assert.ok(tag && tag !== "latest", `${name}: image ${s.image} must name a version tag`);
  }
  assert.match(services.minio.image ?? "", /(^|\/)minio\/minio:RELEASE\.\d{4}-\d{2}-\d{2}T[\d-]+Z$/);
  assert.match(services["minio-init"].image ?? "", /(^|\/)minio\/mc:RELEASE\.\d{4}-\d{2}-\d{2}T[\d-]+Z$/);
});

test("the seeds' ports are published and state lives in named volumes", () => {
  const published = (s: Service) =>
    (s.ports ?? []).map((p) => (typeof p === "object" ? `${p.published}:${p.target}` : String(p)));
  const want: Record<string, string[]> = {
    gateway: ["127.0.0.1:4000:4000"],
    mlflow: ["127.0.0.1:5000:5000"],
    minio: ["127.0.0.1:9000:9000", "127.0.0.1:9001:9001"],
    mysql: ["127.0.0.1:3306:3306"],
    postgres: ["127.0.0.1:5432:5432"],
  };
  for (const [name, ports] of Object.entries(want)) {
    for (const p of ports) assert.ok(published(services[name]).includes(p), `${name} publishes ${p}`);
  }
  const declared = Object.keys(compose.volumes ?? {});
  for (const [name, dataDir] of [
    ["mysql", "/var/lib/mysql"],
    ["postgres", "/var/lib/postgresql/data"],
    ["minio", "/data"],
  ]) {
    const mount = (services[name].volumes ?? [])
      .map((v) => (typeof v === "string" ? v.split(":") : [v.source ?? "", v.target]))
      .find(([, target]) => target === dataDir);
    assert.ok(mount, `${name} mounts a volume at ${dataDir}`);
    assert.ok(declared.includes(mount[0]), `${name}: ${mount[0]} must be a named volume`);
  }
});

test("the gateway's environment uses only real config variables and passes config validation", () => {
  const known = new Set(configVariables());
  const unknown = Object.keys(gatewayEnv).filter((k) => !known.has(k));
  assert.deepEqual(unknown, [], "not read by src/config.ts");
  for (const k of [
    "HOST",
    "MYSQL_URL",
    "DATASETS_PG_URL",
    "DATABASE_URL",
    "MLFLOW_TRACKING_URI",
    "S3_ENDPOINT",
  ]) {
    assert.ok(gatewayEnv[k], `the gateway sets ${k}`);
  }
  assert.equal(gatewayEnv.HOST, "0.0.0.0", "inside a container the gateway must listen on every interface");
  const env = Object.fromEntries(Object.entries(gatewayEnv).map(([k, v]) => [k, composeDefault(v)]));
  const config = loadConfig(env);
  assert.equal(config.port, 4000);
  assert.equal(config.nodeEnv, "development", "docker compose up is a playground with Sandbox on");
});

test("the gateway reaches each upstream by its compose service name", () => {
  const host = (u: string) => new URL(u).hostname;
  assert.equal(host(gatewayEnv.MYSQL_URL), "mysql");
  assert.equal(host(gatewayEnv.DATASETS_PG_URL), "postgres");
  assert.equal(host(gatewayEnv.DATABASE_URL), "postgres");
  assert.equal(host(gatewayEnv.MLFLOW_TRACKING_URI), "mlflow");
  assert.equal(host(gatewayEnv.S3_ENDPOINT), "minio");
  assert.equal(new URL(gatewayEnv.MYSQL_URL).pathname, `/${environment(services.mysql).MYSQL_DATABASE}`);
  const init = read("docker", "postgres", "init.sql");
  for (const db of ["mlflow", "gateway", "datasets"]) {
    assert.match(init, new RegExp(`CREATE DATABASE ${db} OWNER gateway`), `init.sql creates ${db}`);
  }
});

test("MinIO's keys, the bucket job, MLflow and the gateway agree on credentials and bucket", () => {
  const minio = environment(services.minio);
  const mlflow = environment(services.mlflow);
  const bucket = gatewayEnv.S3_BUCKET;
  assert.ok(bucket);
  assert.equal(gatewayEnv.S3_ACCESS_KEY_ID, minio.MINIO_ROOT_USER);
  assert.equal(gatewayEnv.S3_SECRET_ACCESS_KEY, minio.MINIO_ROOT_PASSWORD);
  assert.equal(mlflow.AWS_ACCESS_KEY_ID, minio.MINIO_ROOT_USER);
  assert.equal(mlflow.AWS_SECRET_ACCESS_KEY, minio.MINIO_ROOT_PASSWORD);
  assert.equal(mlflow.MLFLOW_S3_ENDPOINT_URL, gatewayEnv.S3_ENDPOINT);
  const job =
    argv(services["minio-init"].entrypoint).join(" ") + " " + argv(services["minio-init"].command).join(" ");
  assert.match(job, new RegExp(`mc mb --ignore-existing \\S+/${bucket}(\\s|$)`));
});

test("MLflow runs like scripts/stack.sh runs it: PostgreSQL store, s3:// artifact root, allowed hosts", () => {
  const stack = read("scripts", "stack.sh");
  assert.deepEqual(mlflowArgs.slice(0, 2), ["mlflow", "server"]);
  assert.equal(flag(mlflowArgs, "--host"), "0.0.0.0");
  assert.equal(flag(mlflowArgs, "--port"), "5000");

  const store = new URL(flag(mlflowArgs, "--backend-store-uri") ?? "");
  assert.equal(store.protocol, "postgresql+psycopg2:");
  assert.equal(store.hostname, "postgres");
  assert.equal(store.pathname, "/mlflow");
  assert.match(stack, /backend_uri\(\) \{ echo "postgresql\+psycopg2:\/\/.*\/\$STACK_MLFLOW_DB"; \}/);
  assert.match(
    stack,
    /STACK_MLFLOW_DB="\$\{STACK_MLFLOW_DB:-mlflow\}"/,
    "MLflow's database is mlflow by default",
  );

  // stack.sh: --default-artifact-root "s3://$STACK_BUCKET/" — the same shape with the compose bucket.
  const stackRoot = /--default-artifact-root\s+"([^"]+)"/.exec(stack)?.[1];
  assert.ok(stackRoot, "scripts/stack.sh passes --default-artifact-root");
  const want = stackRoot.replace(/\$\{?STACK_BUCKET\}?/, gatewayEnv.S3_BUCKET);
  assert.equal(flag(mlflowArgs, "--default-artifact-root"), want);

  // The gateway calls http://mlflow:5000; MLflow's Host-header check refuses names it was not given (403).
  const allowed = (flag(mlflowArgs, "--allowed-hosts") ?? "").split(",");
  assert.ok(allowed.includes("mlflow:5000") || allowed.includes("*"), "--allowed-hosts admits mlflow:5000");
  assert.match(stack, /--allowed-hosts/);
});

test("the MLflow image pins the same mlflow, psycopg2-binary and boto3 as scripts/requirements-stack.txt", () => {
  const pins = (text: string) =>
    Object.fromEntries(
      [...text.matchAll(/\b(mlflow|psycopg2-binary|boto3)==([\w.]+)/g)].map((m) => [m[1], m[2]]),
    );
  const stack = pins(read("scripts", "requirements-stack.txt"));
  const image = pins(read("docker", "mlflow", "Dockerfile"));
  assert.ok(stack.mlflow, "requirements-stack.txt pins mlflow");
  assert.deepEqual(image, stack);
  assert.match(read("docker", "mlflow", "Dockerfile"), /^FROM python:[\d.]+-slim/m);
});

test("the gateway Dockerfile is multi-stage, builds with tsc and runs npm start's command as a non-root user", () => {
  // Instructions, with `\` continuation lines joined and comments dropped.
  const lines = read("Dockerfile")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const froms = lines.filter((l) => /^FROM\s/i.test(l));
  assert.ok(froms.length >= 2, "at least a build stage and a runtime stage");
  assert.ok(
    froms.some((l) => /\sAS\s+build$/i.test(l)),
    "a stage named build",
  );
  assert.ok(
    lines.some((l) => /^RUN .*\btsc\b/.test(l)),
    "the build stage compiles with tsc",
  );
  assert.match(read("Dockerfile"), /^ARG NODE_IMAGE=node:(20|22)-slim$/m);
  // npm 10 (node:20 images) ignores package.json's allowScripts: onnxruntime-node's downloading install script
  // must be told to skip in every stage that installs.
  const stages = read("Dockerfile")
    .split(/^FROM /m)
    .filter((stage) => /npm ci/.test(stage));
  assert.equal(stages.length, 2);
  for (const stage of stages) assert.match(stage, /^ENV ONNXRUNTIME_NODE_INSTALL=skip$/m);

  const runtime = lines.slice(lines.lastIndexOf(froms[froms.length - 1]));
  assert.ok(
    runtime.some((l) => /^COPY --from=build\b/.test(l)),
    "the runtime stage copies the compiled output",
  );
  const user = runtime
    .filter((l) => /^USER\s/.test(l))
    .pop()
    ?.split(/\s+/)[1];
  assert.ok(user && !["root", "0", "0:0"].includes(user), `runs as a non-root user (USER ${user})`);
  assert.ok(
    runtime.some((l) => /^HEALTHCHECK\b/.test(l)) && /\/healthz/.test(runtime.join("\n")),
    "HEALTHCHECK on /healthz",
  );
  // The built-in datasets are read from data/ next to dist/ at run time.
  assert.ok(
    runtime.some((l) => /^COPY data \.\/data$/.test(l)),
    "the runtime stage ships data/",
  );
  const cmd = runtime.find((l) => /^CMD\s/.test(l));
  assert.ok(cmd, "a CMD");
  const exec = JSON.parse(cmd.slice(4)) as string[];
  const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
  assert.equal(exec.join(" "), pkg.scripts.start, "the image starts the gateway exactly like npm start");
});

test(".dockerignore keeps secrets, the local stack and build output out of the image context", () => {
  const ignore = read(".dockerignore")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const allowList = ignore[0] === "*";
  for (const p of [".env", ".stack", "node_modules", "dist", ".git"]) {
    assert.ok(allowList ? !ignore.includes(`!${p}`) : ignore.includes(p), `${p} is excluded`);
  }
  if (allowList) {
    for (const p of ["package.json", "package-lock.json", "tsconfig.json", "src", "data"]) {
      assert.ok(ignore.includes(`!${p}`), `${p} is in the build context`);
    }
  }
});
