// The one error vocabulary: a closed set of codes and helpers that build GraphQLErrors from them.
import { GraphQLError } from "graphql";

export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  RATE_LIMITED: "RATE_LIMITED",
  UPSTREAM_UNAVAILABLE: "UPSTREAM_UNAVAILABLE",
  /** This gateway instance cannot take the request (it is shutting down): retry on another instance. */
  UNAVAILABLE: "UNAVAILABLE",
  UNSUPPORTED_MODEL: "UNSUPPORTED_MODEL",
  /** A per-document or per-request budget (rows, cost, heavy mutations, upstream calls) was used up. */
  LIMIT_EXCEEDED: "LIMIT_EXCEEDED",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export type Upstream = "mysql" | "postgres" | "mlflow" | "s3" | "url";

export interface ErrorDetails {
  /** The argument or input field at fault, e.g. "input.grid[0].params.learningRate". */
  field?: string;
  upstream?: Upstream;
  [key: string]: unknown;
}

function make(code: ErrorCode, message: string, details: ErrorDetails = {}, status?: number): GraphQLError {
  const extensions: Record<string, unknown> = { code, ...details };
  if (status) extensions.http = { status };
  return new GraphQLError(message, { extensions });
}

export const badInput = (message: string, details?: ErrorDetails) =>
  make(ErrorCode.BAD_USER_INPUT, message, details);
export const notFound = (message: string, details?: ErrorDetails) =>
  make(ErrorCode.NOT_FOUND, message, details);
export const conflict = (message: string, details?: ErrorDetails) =>
  make(ErrorCode.CONFLICT, message, details);
export const unauthenticated = (message = "Send an API key as `Authorization: Bearer <key>`.") =>
  make(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message: string) => make(ErrorCode.FORBIDDEN, message);
export const rateLimited = (message: string) => make(ErrorCode.RATE_LIMITED, message);
export const unsupportedModel = (message: string, details?: ErrorDetails) =>
  make(ErrorCode.UNSUPPORTED_MODEL, message, details);
/** HTTP 503, so a load balancer or client retries the request on another instance. */
export const unavailable = (message: string) => make(ErrorCode.UNAVAILABLE, message, {}, 503);
export const upstreamUnavailable = (upstream: Upstream, message: string, details?: ErrorDetails) =>
  make(ErrorCode.UPSTREAM_UNAVAILABLE, message, { ...details, upstream });

/**
 * A budget refusal: `setting` is the environment variable that sets the limit, so the message and
 * `extensions.limit` tell a legitimate client which knob to ask for. HTTP 400 when refused before execution.
 */
export const limitExceeded = (message: string, setting: string, limit: number, status?: number) =>
  make(ErrorCode.LIMIT_EXCEEDED, message, { limit: setting, max: limit }, status);

/** The code of an error if it is one of ours (or any GraphQLError with a code). */
export function errorCode(err: unknown): string | undefined {
  if (err instanceof GraphQLError) return err.extensions?.code as string | undefined;
  return undefined;
}

export function isGatewayError(err: unknown): err is GraphQLError {
  return err instanceof GraphQLError && typeof err.extensions?.code === "string";
}

/** A short, safe description of a low-level error (driver/network) for messages; never a stack. */
export function describeCause(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { code?: unknown; message?: unknown };
    const code = typeof e.code === "string" ? e.code : undefined;
    const msg = typeof e.message === "string" ? e.message.split("\n")[0].slice(0, 300) : undefined;
    if (code && msg && !msg.includes(code)) return `${code}: ${msg}`;
    return msg ?? code ?? "unknown error";
  }
  return String(err);
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "EAI_AGAIN",
  "PROTOCOL_CONNECTION_LOST",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "57P01", // postgres admin shutdown
  "57P03", // postgres cannot connect now
  "08006",
  "08001",
  "08003",
]);

/** True when an error means "the upstream could not be reached", not "the request was wrong". */
export function isConnectionError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const o = e as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof o.code === "string" && CONNECTION_CODES.has(o.code)) return true;
    if (o.name === "TimeoutError" || o.name === "AbortError" || o.name === "ConnectTimeoutError") return true;
    if (
      typeof o.message === "string" &&
      /Connection terminated|connect ECONNREFUSED|socket hang up|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
        o.message,
      )
    )
      return true;
    if (Array.isArray(o.errors) && o.errors.some((x) => isConnectionError(x))) return true;
    e = o.cause;
  }
  return false;
}
