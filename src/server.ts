// Apollo Server 5 on raw node:http: /graphql (Sandbox when enabled), the Open Inference Protocol lane (/v2),
// /healthz, /readyz, /metrics, plugins, and the request-level protections: API-key authentication, rate limit,
// query limits, CSRF, body size.
//
// Every request goes through one pipeline (handleRequest): request id → route → auth pre-check and rate limit →
// body read with the limit → Apollo (or the V2 handler). Each step is a plain function, so protections written
// without a framework (src/security/) drop in at their step.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { GraphQLFormattedError } from "graphql";
import { authenticate, Authentication } from "./auth";
import type { Config } from "./config";
import { Context, createContext } from "./context";
import { ErrorCode, rateLimited } from "./errors";
import { serveGraphql } from "./http/graphql";
import { InferenceRoutes } from "./http/inference";
import {
  HttpError,
  isJsonRequest,
  parseByteSize,
  parseJsonBody,
  readBody,
  sendGraphqlError,
  sendJson,
} from "./http/io";
import { requestScope } from "./logger";
import { graphqlDuration, graphqlRequests, operationLabeler, registry } from "./metrics";
import { buildGatewaySchema } from "./schema/build";
import { protectUpstreams } from "./security/breaker";
import { budgetCheck } from "./security/budget";
import { allowMetrics, authenticateRequest, clientAddress, rateLimitKey } from "./security/http-guard";
import { publicError } from "./security/messages";
import { guardOperationInputs } from "./security/input-guard";
import { queryLimits } from "./security/limits";
import { RateLimiter } from "./security/rate-limit";
import { graphiqlLandingPagePlugin, serveGraphiqlAsset } from "./landing/graphiql";
import { closeServices, Services, startServices } from "./services";
import { attachSubscriptions, drainSubscriptionsPlugin, SubscriptionServer } from "./subscriptions/websocket";

export interface Gateway {
  /** The one HTTP server: attach `upgrade` listeners (WebSocket subscriptions) to it. */
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  services: Services;
  /** graphql-ws on /graphql. */
  subscriptions: SubscriptionServer;
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

/**
 * The gateway's one request plugin: once the operation is resolved, the input guard and the operation's budget;
 * when the answer is sent, per-operation metrics, the request log line and the extensions (upstream call counts,
 * prediction-log notices). Its hooks are plain functions, not async ones: Apollo awaits whatever they return, and
 * every promise costs twice on Node 20 while AsyncLocalStorage's promise hooks are on (a single-row predict
 * created about 124 promises). A throw in didResolveOperation still reaches Apollo's error answer (Apollo calls the
 * hook inside its try).
 */
function gatewayRequestPlugin(
  config: Config,
  label: (name: string | null) => string,
  checkBudget: ReturnType<typeof budgetCheck>,
): ApolloServerPlugin<Context> {
  type Hook<K extends keyof GraphQLRequestListener<Context>> = (
    ...args: Parameters<NonNullable<GraphQLRequestListener<Context>[K]>>
  ) => void;
  const requestDidStart = (): GraphQLRequestListener<Context> => {
    const started = performance.now();
    const didResolveOperation: Hook<"didResolveOperation"> = ({ request, document, operation, schema }) => {
      guardOperationInputs(request.variables, document);
      if (operation) checkBudget(schema, document, operation, request.variables ?? {});
    };
    const willSendResponse: Hook<"willSendResponse"> = ({
      response,
      operationName,
      contextValue,
      errors,
    }) => {
      // Metric labels come from bounded sets: a client-chosen name must not add a time series.
      const operation = label(operationName ?? null);
      const code = errors?.length ? String(errors[0].extensions?.code ?? "ERROR") : "ok";
      const outcome = code === "ok" || KNOWN_CODES.has(code) ? code : "ERROR";
      const ms = performance.now() - started;
      graphqlDuration.observe({ operation }, ms / 1000);
      graphqlRequests.inc({ operation, outcome });
      const scope = requestScope.getStore();
      const log = contextValue?.log;
      // Built only when it is written: at LOG_LEVEL=warn (production) this costs nothing per request.
      if (log?.isLevelEnabled("info"))
        log.info(
          { operation, outcome, ms: Math.round(ms), upstreamCalls: scope?.upstreamCalls },
          "graphql request",
        );
      if (response.body.kind !== "single") return;
      const extra = contextValue?.responseExtensions;
      const upstream = config.http.exposeUpstreamCalls && scope ? { ...scope.upstreamCalls } : undefined;
      if (extra || upstream)
        response.body.singleResult.extensions = {
          ...response.body.singleResult.extensions,
          ...extra,
          ...(upstream && { upstreamCalls: upstream }),
        };
    };
    // Apollo's types ask for promises; it awaits what the hooks return, and plain values await the same.
    return { didResolveOperation, willSendResponse } as GraphQLRequestListener<Context>;
  };
  // requestDidStart returns its listener itself, not a promise of it: Apollo awaits it all the same.
  return { requestDidStart } as unknown as ApolloServerPlugin<Context>;
}

/** Field suggestions ("Did you mean ...?") name schema fields: hidden in production (as graphql-armor did). */
const SUGGESTION = /Did you mean ".+"\?/g;
const SUGGESTION_HINT = "Did you mean";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const NOT_FOUND_MESSAGE =
  "Not found: the gateway serves /graphql, /v2 (Open Inference Protocol), /healthz, /readyz and /metrics.";

export async function createGateway(config: Config, services: Services): Promise<Gateway> {
  const schema = await buildGatewaySchema();
  const httpServer = http.createServer();
  const log = services.log;
  // Fail fast on a dead MLflow or S3 instead of stacking up timeouts.
  protectUpstreams(services, config.breaker, log);
  const limits = queryLimits(config);
  const hideSuggestions = config.nodeEnv === "production";
  const rateLimiter = new RateLimiter(config.auth.rateLimitPerMinute);
  const costLimiter = new RateLimiter(config.auth.rateLimitCostPerMinute);
  const bodyLimit = parseByteSize(config.http.bodyLimit);
  // Subscriptions share the HTTP server and the query limits; Apollo's drain closes them.
  const subscriptions = attachSubscriptions(httpServer, { schema, config, services, limits });

  const formatError = (original: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const formatted =
      hideSuggestions && original.message.includes(SUGGESTION_HINT)
        ? { ...original, message: original.message.replace(SUGGESTION, "[Suggestion hidden]").trim() }
        : original;
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
    // Field suggestions are hidden in production by formatError above. Apollo's own switch for that
    // (hideSchemaDetailsFromClientErrors) installs one more request listener, paid on every request.
    hideSchemaDetailsFromClientErrors: false,
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
      drainSubscriptionsPlugin(() => subscriptions),
      config.http.landingPage === "graphiql"
        ? graphiqlLandingPagePlugin({ path: "/graphql", authRequired: !config.auth.disabled })
        : config.http.landingPage === "sandbox"
          ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
          : ApolloServerPluginLandingPageDisabled(),
      // No @cacheControl hints anywhere: Apollo's cache-control plugin would only wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo installs inline tracing unless told not to; it only ever works for federated subgraphs, which this
      // schema is not, yet its requestDidStart ran (and made promises) on every request.
      ApolloServerPluginInlineTraceDisabled(),
      gatewayRequestPlugin(
        config,
        operationLabeler(schema),
        // issue 13: the operation's budget (weighted cost, predict rows, heavy mutations) and the cost rate limit.
        budgetCheck(
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
      ),
    ],
  });
  await apollo.start();

  /** Rate limit per API key; callers without a (valid) key share a bucket per client address. */
  const admit = (req: http.IncomingMessage, auth: Authentication): number | null => {
    // issue 13: the client address behind TRUST_PROXY proxies; the key also feeds the cost rate limit.
    const key = rateLimitKey(auth, config.auth.disabled, clientAddress(req, config.http.trustProxyHops));
    const scope = requestScope.getStore();
    if (scope) scope.rateLimitKey = key;
    if (!rateLimiter.enabled) return null;
    const decision = rateLimiter.take(key);
    return decision.allowed ? null : Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  };
  const rateLimitMessage = (seconds: number) =>
    `Rate limit of ${config.auth.rateLimitPerMinute} requests per minute exceeded; retry in ${seconds} s.`;

  const inference = new InferenceRoutes({
    config,
    services,
    bodyLimit,
    admit,
    rateLimitMessage,
  });

  const graphqlRoute = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    search: string,
    headers: Record<string, string>,
    requestId: string,
  ): Promise<void> => {
    // issue 13: with auth on, no valid key is a 401 from the headers alone: the body is never read or parsed.
    const auth =
      config.auth.disabled || landingPageRequest(req, config)
        ? authenticate(req.headers.authorization, config.auth)
        : authenticateRequest(req, res, config.auth);
    if (!auth) return;
    const retryAfter = admit(req, auth);
    if (retryAfter !== null) {
      headers["retry-after"] = String(retryAfter);
      return sendGraphqlError(res, 429, rateLimitMessage(retryAfter), ErrorCode.RATE_LIMITED, headers, {
        retryAfterSeconds: retryAfter,
      });
    }
    let body: unknown;
    // Bodies that are not JSON are not read: Apollo's CSRF prevention refuses those requests by their headers.
    if (req.method !== "GET" && req.method !== "HEAD" && isJsonRequest(req)) {
      body = parseJsonBody(await readBody(req, bodyLimit, config.http.bodyLimit));
    } else {
      req.resume();
    }
    await serveGraphql(
      apollo,
      req,
      res,
      search,
      body,
      () =>
        Promise.resolve(createContext(services, { caller: auth.caller, authError: auth.error, requestId })),
      headers,
    );
  };

  const route = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    requestId: string,
  ): Promise<void> => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const search = q < 0 ? "" : url.slice(q);
    const headers: Record<string, string> = { "x-request-id": requestId };
    const readOnly = req.method === "GET" || req.method === "HEAD";
    if (path === "/graphql" || path === "/graphql/") {
      try {
        return await graphqlRoute(req, res, search, headers, requestId);
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        return sendGraphqlError(res, err.status, err.message, err.code, headers);
      }
    }
    if (path === "/v2" || path.startsWith("/v2/")) return inference.handle(req, res, path, headers);
    // GraphiQL's scripts and styles, from npm packages in node_modules (the page works without internet).
    if (config.http.landingPage === "graphiql" && serveGraphiqlAsset(req, res)) return;
    if (path === "/healthz" && readOnly) return sendJson(res, 200, { ok: true }, headers);
    if (path === "/readyz" && readOnly) {
      req.resume();
      // Anonymous callers may poll this: four upstream probes at most once per READYZ_CACHE_MS.
      const health = await services.health.checkCached(config.http.readyzCacheMs);
      // Unauthenticated probe: with auth on, say which upstream is down but not why (no hosts or ports).
      const body = config.auth.disabled
        ? health
        : { ok: health.ok, services: health.services.map(({ name, ok }) => ({ name, ok })) };
      return sendJson(res, health.ok ? 200 : 503, body, headers);
    }
    if (path === "/metrics" && readOnly) {
      req.resume();
      if (!allowMetrics(req, res, config)) return; // issue 13: METRICS_TOKEN / METRICS_PORT
      const text = await registry.metrics();
      res.writeHead(200, { ...headers, "content-type": registry.contentType });
      res.end(text);
      return;
    }
    // Everything else is not served; in particular MLflow's /ajax-api and /graphql are never proxied.
    req.resume();
    sendGraphqlError(res, 404, NOT_FOUND_MESSAGE, ErrorCode.NOT_FOUND, headers);
  };

  httpServer.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const scope = { requestId, upstreamCalls: {}, maxUpstreamCalls: config.limits.maxUpstreamCalls };
    requestScope.run(scope, () => {
      route(req, res, requestId).catch((err: unknown) => {
        // A bug in the plumbing: a JSON answer with a correlation id, never a stack.
        log.error({ err, correlationId: requestId, url: req.url }, "internal error");
        if (res.headersSent) return void res.destroy();
        sendGraphqlError(
          res,
          500,
          `Internal error; quote correlation id ${requestId} when reporting it.`,
          ErrorCode.INTERNAL_SERVER_ERROR,
          { "x-request-id": requestId },
          { correlationId: requestId },
        );
      });
    });
  });

  const gateway: Gateway = {
    httpServer,
    apollo,
    services,
    subscriptions,
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
