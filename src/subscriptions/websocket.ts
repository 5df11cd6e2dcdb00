// GraphQL subscriptions over graphql-ws on the HTTP server's /graphql: API-key auth, caps, idle close, query limits.
import { randomUUID } from "node:crypto";
import type http from "node:http";
import type { ApolloServerPlugin } from "@apollo/server";
import {
  ExecutionArgs,
  getOperationAST,
  GraphQLError,
  GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  ValidationRule,
} from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { authenticate, Caller } from "../auth";
import type { Config } from "../config";
import { createContext } from "../context";
import { badInput, rateLimited } from "../errors";
import type { QueryLimits } from "../security/limits";
import type { Services } from "../services";

/** Close codes besides graphql-ws's own (4400 bad request, 4403 forbidden, 4408 init timeout, 4500 internal). */
export const WsClose = {
  /** No valid API key in connectionParams while authentication is on. */
  UNAUTHORIZED: 4401,
  /** The connection had no subscription for SUBSCRIPTION_IDLE_TIMEOUT_MS. */
  IDLE: 4000,
  /** The API key (or client address) already holds SUBSCRIPTION_CONNECTIONS_PER_KEY connections. */
  TOO_MANY_CONNECTIONS: 4429,
} as const;

export interface SubscriptionServer {
  /** Close every connection and stop accepting new ones (the Apollo drain plugin calls it). */
  dispose(): Promise<void>;
  /** Live connections (tests and metrics). */
  readonly connections: number;
}

interface ConnectionState {
  caller: Caller | null;
  /** The key the connections-per-key cap counts under. */
  holder: string;
  lastActive: number;
  socketClose: (code: number, reason: string) => void;
  subscriptions: () => number;
}

type Extra = { state?: ConnectionState };

/** The API key from connectionParams: {"Authorization": "Bearer <key>"} (any case of the name), as over HTTP. */
function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  if (!params) return undefined;
  for (const [k, v] of Object.entries(params)) {
    if (k.toLowerCase() === "authorization" && typeof v === "string") return v;
  }
  // Clients that cannot name a header: {"apiKey": "<key>"}.
  const key = Object.entries(params).find(([k]) => k.toLowerCase() === "apikey")?.[1];
  return typeof key === "string" ? `Bearer ${key}` : undefined;
}

/**
 * Serve graphql-ws on `path` of the HTTP server. Connections are authenticated once, in connection_init; every
 * subscription document is parsed and validated with the same limits as HTTP queries; only subscriptions run
 * here (queries and mutations go over HTTP, where the rate limit and CSRF rules apply).
 */
export function attachSubscriptions(
  httpServer: http.Server,
  opts: { schema: GraphQLSchema; config: Config; services: Services; limits: QueryLimits; path?: string },
): SubscriptionServer {
  const { schema, config, services, limits } = opts;
  const { maxPerConnection, maxConnectionsPerKey, idleTimeoutMs } = config.subscriptions;
  const rules: ValidationRule[] = [
    ...specifiedRules,
    ...limits.validationRules,
    ...(config.http.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
  const wss = new WebSocketServer({
    server: httpServer,
    path: opts.path ?? "/graphql",
    maxPayload: 1024 * 1024,
  });
  const perHolder = new Map<string, number>();
  const open = new Set<ConnectionState>();

  const release = (state: ConnectionState) => {
    if (!open.delete(state)) return;
    const n = (perHolder.get(state.holder) ?? 1) - 1;
    if (n > 0) perHolder.set(state.holder, n);
    else perHolder.delete(state.holder);
  };

  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      isProd: config.nodeEnv === "production",
      connectionInitWaitTimeout: 5_000,
      onConnect(ctx) {
        const socket = ctx.extra.socket;
        const auth = authenticate(authorizationOf(ctx.connectionParams), config.auth);
        if (!auth.caller && !config.auth.disabled) {
          const why =
            auth.error ?? 'Send the API key in connectionParams: {"Authorization": "Bearer <key>"}.';
          socket.close(WsClose.UNAUTHORIZED, `Unauthorized: ${why}`.slice(0, 120));
          return false;
        }
        const holder = config.auth.disabled
          ? `ip:${ctx.extra.request.socket.remoteAddress ?? "?"}`
          : `key:${auth.caller!.name}`;
        const held = perHolder.get(holder) ?? 0;
        if (held >= maxConnectionsPerKey) {
          socket.close(
            WsClose.TOO_MANY_CONNECTIONS,
            `Too many connections: ${held} open, SUBSCRIPTION_CONNECTIONS_PER_KEY is ${maxConnectionsPerKey}`,
          );
          return false;
        }
        const state: ConnectionState = {
          caller: auth.caller,
          holder,
          lastActive: Date.now(),
          socketClose: (code, reason) => socket.close(code, reason),
          subscriptions: () => Object.keys(ctx.subscriptions).length,
        };
        perHolder.set(holder, held + 1);
        open.add(state);
        ctx.extra.state = state;
        return true;
      },
      onClose(ctx) {
        if (ctx.extra.state) release(ctx.extra.state);
      },
      onSubscribe(ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] {
        const state = ctx.extra.state!;
        state.lastActive = Date.now();
        // ctx.subscriptions already holds this one.
        if (state.subscriptions() > maxPerConnection) {
          return [
            rateLimited(
              `This connection already has ${maxPerConnection} subscriptions (SUBSCRIPTIONS_PER_CONNECTION): complete one first, or open another connection.`,
            ),
          ];
        }
        let document;
        try {
          document = parse(payload.query, limits.parseOptions);
        } catch (err) {
          return [err instanceof GraphQLError ? err : badInput(String(err))];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) return errors;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation)
          return [badInput("The document has no operation of that name; name one with operationName.")];
        if (operation.operation !== "subscription") {
          return [
            badInput(
              `The WebSocket endpoint carries subscriptions only: send this ${operation.operation} with an HTTP POST to /graphql.`,
            ),
          ];
        }
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: createContext(services, { caller: state.caller, requestId: randomUUID() }),
        };
      },
      onComplete(ctx) {
        if (ctx.extra.state) ctx.extra.state.lastActive = Date.now();
      },
    },
    wss,
  );

  // Idle connections (open, but with no subscription) are closed, so a forgotten tab does not hold a slot.
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const state of open) {
        if (state.subscriptions() === 0 && now - state.lastActive >= idleTimeoutMs) {
          release(state);
          state.socketClose(WsClose.IDLE, `Idle: no subscription for ${Math.round(idleTimeoutMs / 1000)} s`);
        }
      }
    },
    Math.max(250, Math.min(idleTimeoutMs / 4, 30_000)),
  );
  sweep.unref();

  return {
    get connections() {
      return open.size;
    },
    async dispose() {
      clearInterval(sweep);
      await disposable.dispose();
    },
  };
}

/** Apollo plugin: when Apollo drains on stop, the WebSocket server closes its connections too. */
export function drainSubscriptionsPlugin(server: () => SubscriptionServer | undefined): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async drainServer() {
          await server()?.dispose();
        },
      };
    },
  };
}

export { CloseCode };
