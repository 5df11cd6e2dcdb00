// Apollo Server 5 on Express 5: /graphql (Sandbox when enabled), /healthz, /readyz, /metrics, plugins,
// and the request-level protections: API-key authentication, rate limit, query limits, CSRF, body size.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLFormattedError } from "graphql";
import { authenticate, Authentication } from "./auth";
import type { Config } from "./config";
import { Context, createContext } from "./context";
import { ErrorCode, rateLimited } from "./errors";
import { requestScope } from "./logger";
import { graphqlDuration, graphqlRequests, operationLabeler, registry } from "./metrics";
import { buildGatewaySchema } from "./schema/build";
import { protectUpstreams } from "./security/breaker";
import { budgetPlugin } from "./security/budget";
import {
  allowMetrics,
  authenticateRequest,
  checkRateLimit,
  clientAddress,
  rateLimitKey,
} from "./security/http-guard";
import { publicError } from "./security/messages";
import { inputGuardPlugin } from "./security/input-guard";
import { queryLimits } from "./security/limits";
import { RateLimiter } from "./security/rate-limit";
import { closeServices, Services, startServices } from "./services";

export interface Gateway {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  services: Services;
  /** http://host:port/graphql once listening. */
  url: string;
  /** /metrics on its own port (METRICS_PORT), when configured. */
  metricsServer?: http.Server;
  close(): Promise<void>;
}

const KNOWN_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** Observability plugin: per-operation metrics, request log line, upstream call counts in `extensions`. */
function observabilityPlugin(
  config: Config,
  label: (name: string | null) => string,
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const end = graphqlDuration.startTimer();
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, contextValue, errors }) {
          // Metric labels come from bounded sets: a client-chosen name must not add a time series.
          const operation = label(operationName ?? null);
          const code = errors?.length ? String(errors[0].extensions?.code ?? "ERROR") : "ok";
          const outcome = code === "ok" || KNOWN_CODES.has(code) ? code : "ERROR";
          end({ operation });
          graphqlRequests.inc({ operation, outcome });
          const scope = requestScope.getStore();
          contextValue?.log?.info(
            {
              operation,
              outcome,
              ms: Math.round(performance.now() - started),
              upstreamCalls: scope?.upstreamCalls,
            },
            "graphql request",
          );
          if (config.http.exposeUpstreamCalls && scope && response.body.kind === "single") {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              upstreamCalls: { ...scope.upstreamCalls },
            };
          }
        },
      };
    },
  };
}

export async function createGateway(config: Config, services: Services): Promise<Gateway> {
  const schema = await buildGatewaySchema();
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const log = services.log;
  // Fail fast on a dead MLflow or S3 instead of stacking up timeouts.
  protectUpstreams(services, config.breaker, log);
  const limits = queryLimits(config);
  const rateLimiter = new RateLimiter(config.auth.rateLimitPerMinute);
  const costLimiter = new RateLimiter(config.auth.rateLimitCostPerMinute);

  const formatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code as string | undefined;
    // Apollo labels every uncoded error INTERNAL_SERVER_ERROR before this runs: those are masked too.
    const correlationId = requestScope.getStore()?.requestId ?? randomUUID();
    if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR && KNOWN_CODES.has(code)) {
      // never send stack traces
      const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
      // Upstream failures get a fixed message: the detail (MLflow bodies, hosts, ports) goes to the log only.
      const masked = publicError({ ...formatted, extensions: ext }, correlationId);
      if (masked !== null) {
        log.warn({ err: error, correlationId, path: formatted.path }, "upstream error");
        return masked;
      }
      return { ...formatted, extensions: ext };
    }
    // Anything without one of our codes is a bug or an unexpected upstream failure: mask it.
    log.error({ err: error, correlationId, path: formatted.path }, "internal error");
    return {
      message: `Internal error; quote correlation id ${correlationId} when reporting it.`,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, correlationId },
    };
  };

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.http.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.nodeEnv === "production",
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries let any client fill a 30 MiB cache; the gateway has no use for them.
    persistedQueries: false,
    // Fragment-spread bombs: refuse documents whose selections expand past this many fields.
    maxRecursiveSelections: true,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    // index.ts owns SIGTERM/SIGINT: it stops Apollo (draining requests), then closes the services.
    stopOnTerminationSignals: false,
    formatError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...(limits.plugins as ApolloServerPlugin<Context>[]),
      inputGuardPlugin<Context>(),
      // issue 13: the operation's budget (weighted cost, predict rows, heavy mutations) and the cost rate limit.
      budgetPlugin<Context>(
        { maxCost: config.limits.maxCost, maxPredictRows: config.serving.maxRows },
        costLimiter.enabled
          ? (cost) => {
              const key = requestScope.getStore()?.rateLimitKey;
              if (!key) return;
              const d = costLimiter.take(key, cost);
              if (!d.allowed) throw costRateLimited(config.auth.rateLimitCostPerMinute, d.retryAfterMs);
            }
          : undefined,
      ),
      config.http.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      observabilityPlugin(config, operationLabeler(schema)),
    ],
  });
  await apollo.start();

  app.use((req, res, next) => {
    const incoming = req.header("x-request-id");
    const requestId = incoming && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader("x-request-id", requestId);
    const scope = { requestId, upstreamCalls: {}, maxUpstreamCalls: config.limits.maxUpstreamCalls };
    requestScope.run(scope, () => next());
  });

  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });

  app.get("/readyz", async (_req, res) => {
    // Anonymous callers may poll this: four upstream probes at most once per READYZ_CACHE_MS.
    const health = await services.health.checkCached(config.http.readyzCacheMs);
    // Unauthenticated probe: with auth on, say which upstream is down but not why (no hosts or ports).
    const body = config.auth.disabled
      ? health
      : { ok: health.ok, services: health.services.map(({ name, ok }) => ({ name, ok })) };
    res.status(health.ok ? 200 : 503).json(body);
  });

  app.get("/metrics", async (req, res) => {
    if (!allowMetrics(req, res, config)) return; // issue 13: METRICS_TOKEN / METRICS_PORT
    res.setHeader("content-type", registry.contentType);
    res.send(await registry.metrics());
  });

  app.use(
    "/graphql",
    (req, res, next) => {
      // issue 13: authentication and the request rate limit run before the body is read.
      const auth = config.auth.disabled
        ? authenticate(undefined, config.auth)
        : landingPageRequest(req, config)
          ? { caller: null }
          : authenticateRequest(req, res, config.auth);
      if (!auth) return;
      res.locals.auth = auth;
      const key = rateLimitKey(auth, config.auth.disabled, clientAddress(req, config.http.trustProxyHops));
      const scope = requestScope.getStore();
      if (scope) scope.rateLimitKey = key;
      const perMinute = `${config.auth.rateLimitPerMinute} requests per minute (RATE_LIMIT_PER_MINUTE)`;
      if (rateLimiter.enabled && !checkRateLimit(res, rateLimiter, key, perMinute)) return;
      next();
    },
    express.json({ limit: config.http.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const auth =
          (res.locals.auth as Authentication | undefined) ??
          authenticate(req.header("authorization"), config.auth);
        const requestId = requestScope.getStore()?.requestId ?? randomUUID();
        return createContext(services, { caller: auth.caller, authError: auth.error, requestId });
      },
    }),
  );

  // Everything else is not served; in particular MLflow's /ajax-api and /graphql are never proxied.
  app.use((_req, res) => {
    res.status(404).json({
      errors: [
        {
          message: "Not found: the gateway serves /graphql, /healthz, /readyz and /metrics.",
          extensions: { code: ErrorCode.NOT_FOUND },
        },
      ],
    });
  });

  // Body-parser and other middleware errors: a JSON answer, never a stack.
  app.use(
    (
      err: { status?: number; type?: string; message?: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
      const message =
        err.type === "entity.too.large"
          ? `The request body is larger than BODY_LIMIT (${config.http.bodyLimit}).`
          : status < 500
            ? (err.message ?? "Bad request")
            : "Internal error";
      res.status(status).json({
        errors: [{ message, extensions: { code: status < 500 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR" } }],
      });
    },
  );

  const gateway: Gateway = {
    app,
    httpServer,
    apollo,
    services,
    url: "",
    async close() {
      const metrics = gateway.metricsServer;
      if (metrics) await new Promise<void>((resolve) => metrics.close(() => resolve()));
      await apollo.stop();
      await closeServices(services);
    },
  };
  return gateway;
}

/** METRICS_PORT: a plain node:http server answering GET /metrics only, on HOST. */
async function listenMetrics(config: Config): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.statusCode = 404;
      res.end();
      return;
    }
    void registry.metrics().then(
      (text) => {
        res.setHeader("content-type", registry.contentType);
        res.end(text);
      },
      () => {
        res.statusCode = 500;
        res.end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.http.metricsPort, config.host, () => resolve());
  });
  return server;
}

/** GET of Apollo Sandbox's page (no operation): served without a key so a browser can open it. */
function landingPageRequest(req: http.IncomingMessage, config: Config): boolean {
  return (
    config.http.landingPage &&
    req.method === "GET" &&
    /text\/html/.test(String(req.headers.accept ?? "")) &&
    !/[?&](query|extensions)=/.test(req.url ?? "")
  );
}

function costRateLimited(perMinute: number, retryAfterMs: number) {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const err = rateLimited(
    `Rate limit of ${perMinute} query cost per minute exceeded (RATE_LIMIT_COST_PER_MINUTE); retry in ${seconds} s.`,
  );
  Object.assign(err.extensions, { retryAfterSeconds: seconds, http: { status: 429 } });
  return err;
}

/** Start services (migrations, recovery) and listen. */
export async function startGateway(config: Config, services: Services): Promise<Gateway> {
  await startServices(services);
  const gateway = await createGateway(config, services);
  await new Promise<void>((resolve, reject) => {
    gateway.httpServer.once("error", reject);
    gateway.httpServer.listen(config.port, config.host, () => resolve());
  });
  if (config.auth.disabled)
    services.log.warn(
      { host: config.host, port: config.port },
      "AUTHENTICATION IS DISABLED: every caller is an ADMIN. Set API_KEYS (and unset AUTH_DISABLED) unless a proxy in front authenticates.",
    );
  if (config.http.metricsPort > 0) gateway.metricsServer = await listenMetrics(config);
  const addr = gateway.httpServer.address() as AddressInfo;
  const host = addr.address.includes(":") ? `[${addr.address}]` : addr.address;
  gateway.url = `http://${host === "0.0.0.0" ? "localhost" : host}:${addr.port}/graphql`;
  return gateway;
}
