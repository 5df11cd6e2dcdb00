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
import { ApolloServer, ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { GraphQLFormattedError } from "graphql";
import { authenticate, Authentication } from "./auth";
import type { Config } from "./config";
import { Context, createContext } from "./context";
import { ErrorCode } from "./errors";
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
import { graphqlDuration, graphqlRequests, registry } from "./metrics";
import { buildGatewaySchema } from "./schema/build";
import { protectUpstreams } from "./security/breaker";
import { inputGuardPlugin } from "./security/input-guard";
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
function observabilityPlugin(config: Config): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const end = graphqlDuration.startTimer();
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, contextValue, errors }) {
          const operation = operationName ?? "anonymous";
          const outcome = errors?.length ? String(errors[0].extensions?.code ?? "ERROR") : "ok";
          end({ operation });
          graphqlRequests.inc({ operation, outcome });
          const scope = requestScope.getStore();
          const log = contextValue?.log;
          // Built only when it is written: at LOG_LEVEL=warn (production) this costs nothing per request.
          if (log?.isLevelEnabled("info"))
            log.info(
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
  const rateLimiter = new RateLimiter(config.auth.rateLimitPerMinute);
  const bodyLimit = parseByteSize(config.http.bodyLimit);
  // Subscriptions share the HTTP server and the query limits; Apollo's drain closes them.
  const subscriptions = attachSubscriptions(httpServer, { schema, config, services, limits });

  const formatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code as string | undefined;
    // Apollo labels every uncoded error INTERNAL_SERVER_ERROR before this runs: those are masked too.
    if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR && KNOWN_CODES.has(code)) {
      // never send stack traces
      const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
      return { ...formatted, extensions: ext };
    }
    // Anything without one of our codes is a bug or an unexpected upstream failure: mask it.
    const correlationId = requestScope.getStore()?.requestId ?? randomUUID();
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
      drainSubscriptionsPlugin(() => subscriptions),
      ...(limits.plugins as ApolloServerPlugin<Context>[]),
      inputGuardPlugin<Context>(),
      config.http.landingPage === "graphiql"
        ? graphiqlLandingPagePlugin({ path: "/graphql", authRequired: !config.auth.disabled })
        : config.http.landingPage === "sandbox"
          ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
          : ApolloServerPluginLandingPageDisabled(),
      observabilityPlugin(config),
    ],
  });
  await apollo.start();

  /** Rate limit per API key; callers without a (valid) key share a bucket per client address. */
  const admit = (req: http.IncomingMessage, auth: Authentication): number | null => {
    if (!rateLimiter.enabled) return null;
    const key =
      auth.caller && !config.auth.disabled
        ? `key:${auth.caller.name}`
        : `ip:${req.socket.remoteAddress ?? ""}`;
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
    // Auth pre-check: who is calling is known before the body is read (UNAUTHENTICATED itself is per field).
    const auth = authenticate(req.headers.authorization, config.auth);
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
      const health = await services.health.check();
      // Unauthenticated probe: with auth on, say which upstream is down but not why (no hosts or ports).
      const body = config.auth.disabled
        ? health
        : { ok: health.ok, services: health.services.map(({ name, ok }) => ({ name, ok })) };
      return sendJson(res, health.ok ? 200 : 503, body, headers);
    }
    if (path === "/metrics" && readOnly) {
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
    requestScope.run({ requestId, upstreamCalls: {} }, () => {
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
      await apollo.stop();
      await closeServices(services);
    },
  };
  return gateway;
}

/** Start services (migrations, recovery) and listen. */
export async function startGateway(config: Config, services: Services): Promise<Gateway> {
  await startServices(services);
  const gateway = await createGateway(config, services);
  await new Promise<void>((resolve, reject) => {
    gateway.httpServer.once("error", reject);
    gateway.httpServer.listen(config.port, config.host, () => resolve());
  });
  const addr = gateway.httpServer.address() as AddressInfo;
  const host = addr.address.includes(":") ? `[${addr.address}]` : addr.address;
  gateway.url = `http://${host === "0.0.0.0" ? "localhost" : host}:${addr.port}/graphql`;
  return gateway;
}
