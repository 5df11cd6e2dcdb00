// The Open Inference Protocol (KServe V2) REST lane: /v2, /v2/health/{live,ready}, /v2/models/{name}[/versions/{v}]
// (metadata), .../ready and .../infer. {name} is a gateway model reference, URL-encoded ("penguins%40champion",
// "penguins%2F3"). Same API keys, roles, rate limit, body limit, validation, prediction log as GraphQL predict.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GraphQLError } from "graphql";
import { assertRole, authenticate, Authentication } from "../auth";
import type { Config } from "../config";
import { ErrorCode, isGatewayError } from "../errors";
import { inferenceDuration, inferenceRequests } from "../metrics";
import { Role } from "../schema/enums";
import type { Services } from "../services";
import { BAD_REQUEST, HttpError, isJsonRequest, parseJsonBody, readBody, sendJson } from "./io";
import { publicError } from "../security/messages";

export interface InferenceDeps {
  config: Config;
  services: Services;
  bodyLimit: number;
  /** The gateway's rate limit: null when admitted, else the seconds to wait. */
  admit(req: IncomingMessage, auth: Authentication): number | null;
  rateLimitMessage(seconds: number): string;
}

/** HTTP status of each error code, as the V2 REST protocol answers errors: status + {"error": message}. */
const STATUS: Record<string, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 503,
  [ErrorCode.UNAVAILABLE]: 503,
  [ErrorCode.UNSUPPORTED_MODEL]: 422,
};

type Endpoint = "server" | "live" | "ready" | "metadata" | "model_ready" | "infer";

interface Route {
  endpoint: Endpoint;
  method: "GET" | "POST";
  /** The model reference, decoded, for model routes. */
  reference?: string;
}

/** /v2 paths → route, or null when the path is not one of the protocol's. */
export function matchInferenceRoute(path: string): Route | { error: string } | null {
  if (path === "/v2" || path === "/v2/") return { endpoint: "server", method: "GET" };
  if (path === "/v2/health/live") return { endpoint: "live", method: "GET" };
  if (path === "/v2/health/ready") return { endpoint: "ready", method: "GET" };
  const m = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?\/?$/.exec(path);
  if (!m) return null;
  let reference: string;
  try {
    reference = decodeURIComponent(m[1]);
    if (m[2] !== undefined) reference = `${reference}/${decodeURIComponent(m[2])}`;
  } catch {
    return { error: "the model name in the path is not valid URL encoding (encode @ as %40 and / as %2F)" };
  }
  const endpoint: Endpoint = m[3] === "/infer" ? "infer" : m[3] === "/ready" ? "model_ready" : "metadata";
  return { endpoint, method: endpoint === "infer" ? "POST" : "GET", reference };
}

export class InferenceRoutes {
  constructor(private readonly deps: InferenceDeps) {}

  /** Serve one /v2 request; always answers (404 for paths outside the protocol). */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    headers: Record<string, string>,
  ): Promise<void> {
    const route = matchInferenceRoute(path);
    if (!route) {
      req.resume();
      return sendJson(
        res,
        404,
        { error: `Not found: ${path} is not an Open Inference Protocol path.` },
        headers,
      );
    }
    if ("error" in route) {
      req.resume();
      return sendJson(res, 400, { error: route.error, code: ErrorCode.BAD_USER_INPUT }, headers);
    }
    const end = inferenceDuration.startTimer({ endpoint: route.endpoint });
    let outcome = "ok";
    try {
      if (req.method !== route.method && !(route.method === "GET" && req.method === "HEAD")) {
        req.resume();
        outcome = "METHOD_NOT_ALLOWED";
        headers.allow = route.method;
        return sendJson(res, 405, { error: `${path} answers ${route.method} only.` }, headers);
      }
      const { status, body } = await this.answer(req, route, headers);
      if (status >= 400) outcome = String((body as { code?: string }).code ?? status);
      sendJson(res, status, body, headers);
    } catch (err) {
      const { status, body } = this.failure(err, headers["x-request-id"]);
      outcome = body.code;
      sendJson(res, status, body, headers);
    } finally {
      inferenceRequests.inc({ endpoint: route.endpoint, outcome });
      end();
    }
  }

  private async answer(
    req: IncomingMessage,
    route: Route,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: unknown }> {
    const { services, config } = this.deps;
    if (route.endpoint === "server") {
      req.resume();
      return { status: 200, body: { name: "mlops-graphql-gateway", version: "2", extensions: [] } };
    }
    if (route.endpoint === "live") {
      req.resume();
      return { status: 200, body: { live: true } };
    }
    if (route.endpoint === "ready") {
      req.resume();
      // Anonymous, like /readyz: the same cached probe, so callers cannot multiply upstream checks.
      const health = await services.health.checkCached(config.http.readyzCacheMs);
      return { status: health.ok ? 200 : 503, body: { ready: health.ok } };
    }
    // Model routes: the key is checked before the body is read; VIEWER may predict, like GraphQL predict.
    const auth = authenticate(req.headers.authorization, config.auth);
    const caller = assertRole({ caller: auth.caller, authError: auth.error }, Role.VIEWER, "Inference");
    const retryAfter = this.deps.admit(req, auth);
    if (retryAfter !== null) {
      req.resume();
      headers["retry-after"] = String(retryAfter);
      return {
        status: 429,
        body: { error: this.deps.rateLimitMessage(retryAfter), code: ErrorCode.RATE_LIMITED },
      };
    }
    const reference = route.reference!;
    if (route.endpoint !== "infer") {
      req.resume();
      const metadata = await services.serving.metadata(reference);
      return route.endpoint === "metadata"
        ? { status: 200, body: metadata }
        : { status: 200, body: { name: metadata.name, ready: true } };
    }
    if (!isJsonRequest(req)) {
      req.resume();
      return {
        status: 415,
        body: { error: "Send the inference request as Content-Type: application/json.", code: BAD_REQUEST },
      };
    }
    const body = parseJsonBody(await readBody(req, this.deps.bodyLimit, config.http.bodyLimit));
    return { status: 200, body: await services.serving.infer(reference, body, caller.name) };
  }

  /** Coded errors keep their message; anything else is masked behind a correlation id. */
  private failure(
    err: unknown,
    requestId: string,
  ): { status: number; body: { error: string; code: string } } {
    if (err instanceof HttpError) return { status: err.status, body: { error: err.message, code: err.code } };
    if (isGatewayError(err)) {
      const code = String((err as GraphQLError).extensions.code);
      const status = STATUS[code];
      if (status) {
        // An upstream's own words (MLflow bodies with SQL, driver errors with hosts) go to the log only, as on
        // /graphql: the client gets the fixed message with the correlation id.
        const masked = publicError(
          { message: err.message, extensions: (err as GraphQLError).extensions },
          requestId,
        );
        if (masked) {
          this.deps.services.log.warn({ err, correlationId: requestId }, "upstream unavailable");
          return { status, body: { error: masked.message, code } };
        }
        const field = (err as GraphQLError).extensions.field;
        return {
          status,
          body: { error: err.message, code, ...(typeof field === "string" ? { field } : {}) } as {
            error: string;
            code: string;
          },
        };
      }
    }
    this.deps.services.log.error({ err, correlationId: requestId }, "internal error");
    return {
      status: 500,
      body: {
        error: `Internal error; quote correlation id ${requestId} when reporting it.`,
        code: ErrorCode.INTERNAL_SERVER_ERROR,
      },
    };
  }
}
