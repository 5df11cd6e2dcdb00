// Request-level checks that run before a body is read, over plain node:http objects (no framework): the
// client's address behind trusted proxies, API-key authentication, the rate-limit key, the /metrics token.
import { timingSafeEqual, createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate, type Authentication } from "../auth";
import type { Config } from "../config";
import { ErrorCode } from "../errors";

/** One JSON error answer in the GraphQL response shape; `close` drops the connection (an unread body). */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  opts: { headers?: Record<string, string>; close?: boolean; extensions?: Record<string, unknown> } = {},
): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code, ...opts.extensions } }] });
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  for (const [k, v] of Object.entries(opts.headers ?? {})) res.setHeader(k, v);
  // The body was never read: closing is cheaper than draining megabytes nobody is allowed to send.
  if (opts.close) res.setHeader("connection", "close");
  res.end(body);
}

/**
 * The client's address. With `trustedHops` proxies in front (TRUST_PROXY), the entry that many places from
 * the right of X-Forwarded-For is the one the nearest untrusted hop connected from; entries further left are
 * whatever the client wrote and are ignored.
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  const socket = req.socket?.remoteAddress ?? "unknown";
  if (trustedHops <= 0) return socket;
  const header = req.headers["x-forwarded-for"];
  const raw = Array.isArray(header) ? header.join(",") : (header ?? "");
  const chain = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // chain + the socket address: the last `trustedHops` addresses are our proxies.
  const all = [...chain, socket];
  return all[Math.max(0, all.length - 1 - trustedHops)];
}

const headerOf = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * With authentication on, a request without a valid API key is answered 401 UNAUTHENTICATED here, before its
 * body is read or parsed; returns null then. Otherwise the caller, for the GraphQL context.
 */
export function authenticateRequest(
  req: IncomingMessage,
  res: ServerResponse,
  auth: Config["auth"],
): Authentication | null {
  const result = authenticate(headerOf(req, "authorization"), auth);
  if (result.caller) return result;
  sendError(
    res,
    401,
    ErrorCode.UNAUTHENTICATED,
    result.error ?? "Send an API key as `Authorization: Bearer <key>`.",
    { headers: { "www-authenticate": 'Bearer realm="mlops-gateway"' }, close: true },
  );
  return null;
}

/** The rate-limit bucket of a request: its API key, or its client address without one. */
export function rateLimitKey(auth: Authentication, authDisabled: boolean, address: string): string {
  return auth.caller && !authDisabled ? `key:${auth.caller.name}` : `ip:${address}`;
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/**
 * Whether /metrics may be answered on the main port. METRICS_TOKEN set: only with `Authorization: Bearer
 * <token>`. In production without a token, /metrics is served only on METRICS_PORT (refused here). Answers the
 * refusal itself and returns false.
 */
export function allowMetrics(req: IncomingMessage, res: ServerResponse, config: Config): boolean {
  const { metricsToken, metricsPort } = config.http;
  if (metricsToken) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(headerOf(req, "authorization") ?? "");
    if (m && timingSafeEqual(digest(m[1]), digest(metricsToken))) return true;
    sendError(
      res,
      401,
      ErrorCode.UNAUTHENTICATED,
      "/metrics needs `Authorization: Bearer <METRICS_TOKEN>`.",
      {
        headers: { "www-authenticate": 'Bearer realm="metrics"' },
      },
    );
    return false;
  }
  if (config.nodeEnv === "production" || metricsPort > 0) {
    sendError(
      res,
      403,
      ErrorCode.FORBIDDEN,
      metricsPort > 0
        ? `/metrics is served on its own port (METRICS_PORT=${metricsPort}).`
        : "/metrics is closed in production: set METRICS_TOKEN, or METRICS_PORT to serve it on a separate port.",
    );
    return false;
  }
  return true;
}
