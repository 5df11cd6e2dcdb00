// Owns every environment variable: parsed and validated once, with one clear message per bad value.
import { existsSync } from "node:fs";
import os from "node:os";
import { parsePrivateExceptions, type PrivateException } from "./services/datasets/url-guard";

export type NodeEnv = "development" | "test" | "production";
export type Role = "VIEWER" | "TRAINER" | "ADMIN";
/** false: no landing page. */
export type LandingPage = "graphiql" | "sandbox" | false;

export interface ApiKeyConfig {
  /** Name shown in logs, audit rows and job rows. */
  name: string;
  role: Role;
  /** SHA-256 of the key, lowercase hex: the key itself is never stored. */
  sha256: string;
}

export interface Config {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  logLevel: string;
  mysqlUrl: string;
  datasetsPgUrl: string;
  databaseUrl: string;
  mlflow: {
    uri: string;
    timeoutMs: number;
    retries: number;
    token?: string;
    username?: string;
    password?: string;
  };
  s3: {
    endpoint?: string;
    region: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    bucket: string;
    forcePathStyle: boolean;
    timeoutMs: number;
  };
  http: {
    bodyLimit: string;
    introspection: boolean;
    /** What GET /graphql shows in a browser: GraphiQL from the gateway's own files, Apollo Sandbox (CDN), or nothing. */
    landingPage: LandingPage;
    exposeUpstreamCalls: boolean;
    /** How long /readyz answers from its last probe, in ms. */
    readyzCacheMs: number;
    /** Bearer token /metrics requires (unset: none outside production). */
    metricsToken?: string;
    /** A separate port for /metrics (0: served on PORT). */
    metricsPort: number;
    /** Proxy hops in front of the gateway whose X-Forwarded-For entries are trusted (0: none). */
    trustProxyHops: number;
  };
  /** graphql-ws on /graphql: caps per connection and per API key, and when an unused connection is closed. */
  subscriptions: { maxPerConnection: number; maxConnectionsPerKey: number; idleTimeoutMs: number };
  auth: {
    disabled: boolean;
    keys: ApiKeyConfig[];
    rateLimitPerMinute: number;
    /** Estimated document cost per minute per caller (0: not counted). */
    rateLimitCostPerMinute: number;
  };
  /** GraphQL document limits (graphql-armor and the gateway's budget): refused before execution with a coded error. */
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxDirectives: number;
    maxTokens: number;
    maxCost: number;
    /** Upstream calls (MLflow, S3, databases) one request may make before it is ended. */
    maxUpstreamCalls: number;
  };
  /** How long dataset profiles and row counts are answered from memory, in ms (0: never cached). */
  datasets: { cacheTtlMs: number };
  /** Circuit breaker for MLflow and S3: open after this many consecutive connection failures, for cooldownMs. */
  breaker: { failureThreshold: number; cooldownMs: number };
  ingest: {
    maxBytes: number;
    urlAllowedHosts: string[];
    allowPrivateUrls: boolean;
    /** INGEST_ALLOWED_HOSTS: private destinations ingest may reach; every other host must still be public. */
    privateExceptions: PrivateException[];
    timeoutMs: number;
  };
  training: {
    maxTrials: number;
    workers: number;
    maxRows: number;
    trialTimeoutMs: number;
    maxConcurrentJobs: number;
    maxConcurrentJobsPerCaller: number;
    trialRetries: number;
  };
  /** pg-boss (trial jobs, pipeline schedules) in its own schema of DATABASE_URL. */
  queue: { schema: string; namespace: string; maintenanceSeconds: number; cronCheckSeconds: number };
  worker: { port: number };
  serving: {
    aliasTtlMs: number;
    modelCacheSize: number;
    modelCacheMaxBytes: number;
    maxRows: number;
    /** Requests with at least this many rows are scored on a worker thread (0: always on the main thread). */
    offloadRows: number;
    /** Worker threads for large predict requests. */
    scoringWorkers: number;
    /** Largest model file read from the artifact store, in bytes (each flavor's own cap applies too). */
    modelMaxBytes: number;
  };
  predictionLog: {
    flushMs: number;
    batchSize: number;
    /** Rows buffered before predict waits for the writer (and the bound kept while PostgreSQL is down). */
    maxBuffered: number;
    /** How long predict waits for room in the buffer before answering with `extensions.predictionLog.behind`. */
    maxWaitMs: number;
    /** Daily partitions older than this many days are dropped; 0 keeps every row. */
    retentionDays: number;
  };
  monitoring: { driftSampleRows: number };
  upstreamTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/** Parse and validate configuration. Throws ConfigError listing every bad variable. */
/**
 * The entry points' configuration (gateway and worker): `.env` and `.stack/env` when present (values already in the
 * environment win over both), then loadConfig; a bad configuration prints one line per problem and exits 1.
 */
export function loadEntryConfig(): Config {
  for (const file of [".env", ".stack/env"]) {
    if (existsSync(file)) process.loadEnvFile(file);
  }
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) console.error(`config error: ${p}`);
      process.exit(1);
    }
    throw err;
  }
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string, def: string): string => {
    const v = env[name];
    return v === undefined || v === "" ? def : v;
  };
  const opt = (name: string): string | undefined => (env[name] ? env[name] : undefined);
  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(
        `${name}=${shown(name, raw)} is not valid: expected a whole number from ${min} to ${max}`,
      );
      return def;
    }
    return n;
  };
  const bool = (name: string, def: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === "") return def;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name}=${shown(name, raw)} is not valid: expected true or false`);
    return def;
  };
  const url = (name: string, def: string, protocols: string[]): string => {
    const v = str(name, def);
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name}=${shown(name, v)} is not valid: expected a ${protocols.join(" or ")} URL`);
      }
    } catch {
      problems.push(`${name}=${shown(name, v)} is not a URL: expected e.g. ${def}`);
    }
    return v;
  };

  const nodeEnvRaw = str("NODE_ENV", "development");
  let nodeEnv: NodeEnv = "development";
  if (nodeEnvRaw === "development" || nodeEnvRaw === "test" || nodeEnvRaw === "production")
    nodeEnv = nodeEnvRaw;
  else
    problems.push(
      `NODE_ENV=${JSON.stringify(nodeEnvRaw)} is not valid: expected development, test or production`,
    );
  const production = nodeEnv === "production";

  const keys = parseApiKeys(str("API_KEYS", ""), problems);
  const privateExceptions = parsePrivateExceptions(str("INGEST_ALLOWED_HOSTS", ""));
  problems.push(...privateExceptions.problems);
  const authDisabled = bool("AUTH_DISABLED", !production && keys.length === 0);
  if (production && keys.length === 0 && !authDisabled) {
    problems.push(
      "API_KEYS is empty while NODE_ENV=production: configure API keys, or set AUTH_DISABLED=true to run without authentication",
    );
  }

  const config: Config = {
    nodeEnv,
    host: str("HOST", "127.0.0.1"),
    port: int("PORT", 4000, 0, 65535),
    logLevel: str("LOG_LEVEL", nodeEnv === "test" ? "warn" : "info"),
    mysqlUrl: url("MYSQL_URL", "mysql://gateway:gateway@127.0.0.1:3306/datasets", ["mysql:"]),
    datasetsPgUrl: url("DATASETS_PG_URL", "postgres://gateway:gateway@127.0.0.1:5432/datasets", [
      "postgres:",
      "postgresql:",
    ]),
    databaseUrl: url("DATABASE_URL", "postgres://gateway:gateway@127.0.0.1:5432/gateway", [
      "postgres:",
      "postgresql:",
    ]),
    mlflow: {
      uri: url("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000", ["http:", "https:"]).replace(/\/+$/, ""),
      timeoutMs: int("MLFLOW_TIMEOUT_MS", 15000, 100, 600000),
      retries: int("MLFLOW_RETRIES", 2, 0, 10),
      token: opt("MLFLOW_TRACKING_TOKEN"),
      username: opt("MLFLOW_TRACKING_USERNAME"),
      password: opt("MLFLOW_TRACKING_PASSWORD"),
    },
    s3: {
      endpoint:
        env.S3_ENDPOINT === "" ? undefined : url("S3_ENDPOINT", "http://127.0.0.1:9000", ["http:", "https:"]),
      region: str("S3_REGION", "us-east-1"),
      // Unset: the AWS default credential chain (environment, profile, IAM role) finds them.
      accessKeyId: opt("S3_ACCESS_KEY_ID"),
      secretAccessKey: opt("S3_SECRET_ACCESS_KEY"),
      bucket: str("S3_BUCKET", "mlflow"),
      forcePathStyle: bool("S3_FORCE_PATH_STYLE", true),
      timeoutMs: int("S3_TIMEOUT_MS", 15000, 100, 600000),
    },
    http: {
      bodyLimit: str("BODY_LIMIT", "5mb"),
      introspection: bool("INTROSPECTION", !production),
      landingPage: landingPage(str("LANDING_PAGE", production ? "off" : "graphiql"), problems),
      exposeUpstreamCalls: bool("EXPOSE_UPSTREAM_CALLS", !production),
      readyzCacheMs: int("READYZ_CACHE_MS", 1000, 0, 60_000),
      metricsToken: opt("METRICS_TOKEN"),
      metricsPort: int("METRICS_PORT", 0, 0, 65535),
      trustProxyHops: int("TRUST_PROXY", 0, 0, 10),
    },
    auth: {
      disabled: authDisabled,
      keys,
      rateLimitPerMinute: int("RATE_LIMIT_PER_MINUTE", production ? 600 : 0, 0, 1_000_000),
      rateLimitCostPerMinute: int("RATE_LIMIT_COST_PER_MINUTE", production ? 200_000 : 0, 0, 1_000_000_000),
    },
    limits: {
      // The deepest query a client needs (trainingJob → best → run → parent → experiment → runs → nodes →
      // modelVersions → registeredModel → aliases → version → tags → key) is 13 levels; 15 leaves room.
      maxDepth: int("QUERY_MAX_DEPTH", 15, 2, 1000),
      maxAliases: int("QUERY_MAX_ALIASES", 15, 0, 10000),
      maxDirectives: int("QUERY_MAX_DIRECTIVES", 50, 0, 10000),
      maxTokens: int("QUERY_MAX_TOKENS", 5000, 50, 1_000_000),
      maxCost: int("QUERY_MAX_COST", 20000, 10, 100_000_000),
      maxUpstreamCalls: int("UPSTREAM_MAX_CALLS", 500, 1, 1_000_000),
    },
    datasets: { cacheTtlMs: int("DATASET_CACHE_TTL_MS", 2000, 0, 3_600_000) },
    subscriptions: {
      maxPerConnection: int("SUBSCRIPTIONS_PER_CONNECTION", 20, 1, 10000),
      maxConnectionsPerKey: int("SUBSCRIPTION_CONNECTIONS_PER_KEY", 20, 1, 100000),
      idleTimeoutMs: int("SUBSCRIPTION_IDLE_TIMEOUT_MS", 300_000, 1000, 86_400_000),
    },
    breaker: {
      failureThreshold: int("BREAKER_FAILURE_THRESHOLD", 5, 1, 1000),
      cooldownMs: int("BREAKER_COOLDOWN_MS", 10000, 100, 3_600_000),
    },
    ingest: {
      maxBytes: int("INGEST_MAX_BYTES", 50 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
      urlAllowedHosts: str("INGEST_URL_ALLOWED_HOSTS", "")
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
      allowPrivateUrls: bool("INGEST_ALLOW_PRIVATE_URLS", false),
      privateExceptions: privateExceptions.entries,
      timeoutMs: int("INGEST_TIMEOUT_MS", 30000, 100, 600000),
    },
    training: {
      maxTrials: int("TRAINING_MAX_TRIALS", int("MAX_TRIALS", 200, 1, 100000), 1, 100000),
      // 0: this process only enqueues trials (worker processes, `npm run worker`, train them).
      workers: int("TRAINING_WORKERS", Math.max(1, os.availableParallelism()), 0, 256),
      trialTimeoutMs: int("TRIAL_TIMEOUT_MS", 600_000, 1000, 86_400_000),
      maxConcurrentJobs: int("TRAINING_MAX_CONCURRENT_JOBS", 50, 1, 10000),
      maxConcurrentJobsPerCaller: int("TRAINING_MAX_CONCURRENT_JOBS_PER_CALLER", 10, 1, 10000),
      // A trial whose worker stopped (expired in the queue) is retried this many times on another worker.
      trialRetries: int("TRAINING_TRIAL_RETRIES", 2, 0, 10),
      maxRows: int("TRAINING_MAX_ROWS", 1_000_000, 1, 1_000_000_000),
    },
    queue: {
      schema: str("QUEUE_SCHEMA", "pgboss"),
      // Gateways and workers of one MLflow server share trials and schedules; a namespace splits them into groups
      // that do not (gateways of different MLflow servers never share work, whatever the namespace).
      namespace: str("QUEUE_NAMESPACE", ""),
      maintenanceSeconds: int("QUEUE_MAINTENANCE_SECONDS", 10, 1, 3600),
      cronCheckSeconds: int("QUEUE_CRON_CHECK_SECONDS", 30, 1, 45),
    },
    worker: { port: int("WORKER_PORT", 0, 0, 65535) },
    serving: {
      aliasTtlMs: int("MODEL_ALIAS_TTL_MS", 2000, 0, 3_600_000),
      modelCacheSize: int("MODEL_CACHE_SIZE", 50, 1, 100000),
      modelCacheMaxBytes: int("MODEL_CACHE_MAX_BYTES", 536_870_912, 1, Number.MAX_SAFE_INTEGER),
      // At most 10,000,000: below 2^24, the room a logged row's id keeps for its index in the request.
      maxRows: int("PREDICT_MAX_ROWS", 10000, 1, 10_000_000),
      modelMaxBytes: int("MODEL_MAX_BYTES", 256 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
      offloadRows: int("PREDICT_OFFLOAD_ROWS", 500, 0, 10_000_000),
      scoringWorkers: int("SCORING_WORKERS", Math.max(1, Math.min(4, os.availableParallelism() - 1)), 1, 64),
    },
    predictionLog: {
      flushMs: int("PREDICTION_LOG_FLUSH_MS", 200, 1, 60000),
      batchSize: int("PREDICTION_LOG_BATCH", 1000, 1, 100000),
      maxBuffered: int("PREDICTION_LOG_MAX_BUFFERED", 200000, 1000, 100000000),
      maxWaitMs: int("PREDICTION_LOG_MAX_WAIT_MS", 5000, 0, 600000),
      retentionDays: int("PREDICTION_LOG_RETENTION_DAYS", 30, 0, 36500),
    },
    monitoring: {
      driftSampleRows: int("DRIFT_SAMPLE_ROWS", 100_000, 1000, 100_000_000),
    },
    upstreamTimeoutMs: int("UPSTREAM_TIMEOUT_MS", 10000, 100, 600000),
  };
  if (!/^\d+(\.\d+)?\s*(b|kb|mb)$/i.test(config.http.bodyLimit)) {
    problems.push(
      `BODY_LIMIT=${shown("BODY_LIMIT", config.http.bodyLimit)} is not valid: expected a size such as 5mb or 500kb`,
    );
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(config.queue.schema)) {
    problems.push(
      `QUEUE_SCHEMA=${JSON.stringify(config.queue.schema)} is not valid: expected a lowercase schema name`,
    );
  }
  if (config.queue.namespace && !/^[a-z0-9][a-z0-9_-]{0,31}$/.test(config.queue.namespace)) {
    problems.push(
      `QUEUE_NAMESPACE=${JSON.stringify(config.queue.namespace)} is not valid: expected up to 32 lowercase letters, digits, _ or -`,
    );
  }
  if (!/^(fatal|error|warn|info|debug|trace|silent)$/.test(config.logLevel)) {
    problems.push(
      `LOG_LEVEL=${JSON.stringify(config.logLevel)} is not valid: expected fatal, error, warn, info, debug, trace or silent`,
    );
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,62}$/.test(config.s3.bucket)) {
    problems.push(`S3_BUCKET=${JSON.stringify(config.s3.bucket)} is not a valid bucket name`);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEYS/;

/**
 * A value as a config error shows it: secrets as <redacted>, URLs without their password, so a start-up error
 * pasted into a ticket or a CI log does not carry credentials.
 */
export function shown(name: string, value: string): string {
  if (SECRET_NAME.test(name)) return "<redacted>";
  return JSON.stringify(value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*):[^@/\s]*@/i, "$1:***@"));
}

/** LANDING_PAGE: graphiql, sandbox or off (true and false, the earlier on/off values, mean graphiql and off). */
function landingPage(raw: string, problems: string[]): LandingPage {
  const v = raw.trim().toLowerCase();
  if (v === "graphiql" || /^(1|true|yes|on)$/.test(v)) return "graphiql";
  if (v === "sandbox") return "sandbox";
  if (/^(0|false|no|off)$/.test(v)) return false;
  problems.push(`LANDING_PAGE=${JSON.stringify(raw)} is not valid: expected graphiql, sandbox or off`);
  return false;
}

/** API_KEYS: comma-separated `name:ROLE:sha256hex` entries (the hash of the key, never the key). */
function parseApiKeys(raw: string, problems: string[]): ApiKeyConfig[] {
  const keys: ApiKeyConfig[] = [];
  for (const entry of raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, role, sha256] = entry.split(":");
    if (!name || !role || !sha256 || !/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
      problems.push(
        `API_KEYS entry ${JSON.stringify(name ?? "")} is not valid: expected name:ROLE:sha256hex (value not shown)`,
      );
      continue;
    }
    const upper = role.toUpperCase();
    if (upper !== "VIEWER" && upper !== "TRAINER" && upper !== "ADMIN") {
      problems.push(
        `API_KEYS entry ${JSON.stringify(name)} has role ${JSON.stringify(role)}: expected VIEWER, TRAINER or ADMIN`,
      );
      continue;
    }
    if (!/^[0-9a-fA-F]{64}$/.test(sha256)) {
      problems.push(
        `API_KEYS entry ${JSON.stringify(name)}: the third part must be the SHA-256 hex of the key (64 hex digits)`,
      );
      continue;
    }
    keys.push({ name, role: upper, sha256: sha256.toLowerCase() });
  }
  return keys;
}
