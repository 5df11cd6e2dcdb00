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
import { ErrorCode } from "./errors";
import { graphiqlLandingPagePlugin, serveGraphiqlAsset } from "./landing/graphiql";
import { requestScope } from "./logger";
import { graphqlDuration, graphqlRequests, registry } from "./metrics";
import { buildGatewaySchema } from "./schema/build";
import { protectUpstreams } from "./security/breaker";
import { inputGuardPlugin } from "./security/input-guard";
import { queryLimits } from "./security/limits";
import { RateLimiter } from "./security/rate-limit";
import { closeServices, Services, startServices } from "./services";
import { attachSubscriptions, drainSubscriptionsPlugin, SubscriptionServer } from "./subscriptions/websocket";

export interface Gateway {
  app: express.Express;
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

  app.use((req, res, next) => {
    const incoming = req.header("x-request-id");
    const requestId = incoming && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader("x-request-id", requestId);
    requestScope.run({ requestId, upstreamCalls: {} }, () => next());
  });

  // GraphiQL's scripts and styles, from npm packages in node_modules (the page works without internet).
  if (config.http.landingPage === "graphiql")
    app.use((req, res, next) => serveGraphiqlAsset(req, res) || next());

  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });

  app.get("/readyz", async (_req, res) => {
    const health = await services.health.check();
    // Unauthenticated probe: with auth on, say which upstream is down but not why (no hosts or ports).
    const body = config.auth.disabled
      ? health
      : { ok: health.ok, services: health.services.map(({ name, ok }) => ({ name, ok })) };
    res.status(health.ok ? 200 : 503).json(body);
  });

  app.get("/metrics", async (_req, res) => {
    res.setHeader("content-type", registry.contentType);
    res.send(await registry.metrics());
  });

  app.use(
    "/graphql",
    (req, res, next) => {
      const auth = authenticate(req.header("authorization"), config.auth);
      res.locals.auth = auth;
      if (!rateLimiter.enabled) return next();
      // Per API key; callers without a (valid) key share a bucket per client address.
      const key = auth.caller && !config.auth.disabled ? `key:${auth.caller.name}` : `ip:${req.ip}`;
      const decision = rateLimiter.take(key);
      if (decision.allowed) return next();
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      res.setHeader("retry-after", String(seconds));
      res.status(429).json({
        errors: [
          {
            message: `Rate limit of ${config.auth.rateLimitPerMinute} requests per minute exceeded; retry in ${seconds} s.`,
            extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: seconds },
          },
        ],
      });
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
