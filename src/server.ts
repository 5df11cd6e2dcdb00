// Apollo Server 5 on Express 5: /graphql (Sandbox when enabled), /healthz, /readyz, /metrics, plugins.
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
import { authenticate } from "./auth";
import type { Config } from "./config";
import { Context, createContext } from "./context";
import { ErrorCode } from "./errors";
import { requestScope } from "./logger";
import { graphqlDuration, graphqlRequests, registry } from "./metrics";
import { buildGatewaySchema } from "./schema/build";
import { closeServices, Services, startServices } from "./services";

export interface Gateway {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  services: Services;
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

  const formatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code as string | undefined;
    if (code && KNOWN_CODES.has(code)) {
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
    formatError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      config.http.landingPage
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

  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });

  app.get("/readyz", async (_req, res) => {
    const health = await services.health.check();
    res.status(health.ok ? 200 : 503).json(health);
  });

  app.get("/metrics", async (_req, res) => {
    res.setHeader("content-type", registry.contentType);
    res.send(await registry.metrics());
  });

  app.use(
    "/graphql",
    express.json({ limit: config.http.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const auth = authenticate(req.header("authorization"), config.auth);
        const requestId = requestScope.getStore()?.requestId ?? randomUUID();
        return createContext(services, { caller: auth.caller, authError: auth.error, requestId });
      },
    }),
  );

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
      res
        .status(status)
        .json({
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
