// What a client learns about an upstream failure: a fixed message per upstream and the correlation id; the
// upstream's own words (MLflow bodies with SQL, driver errors with hosts and ports) go to the log only.
import type { GraphQLFormattedError } from "graphql";
import { ErrorCode } from "../errors";

const NAMES: Record<string, string> = {
  mlflow: "MLflow",
  s3: "S3",
  mysql: "MySQL",
  postgres: "PostgreSQL",
};

/**
 * The formatted error a client gets for an UPSTREAM_UNAVAILABLE error: "<Upstream> is unavailable", when an
 * open circuit breaker will try again, and the correlation id. Null for every other error (sent as it is).
 */
export function publicError(
  formatted: GraphQLFormattedError,
  correlationId: string,
): GraphQLFormattedError | null {
  const ext = formatted.extensions ?? {};
  if (ext.code !== ErrorCode.UPSTREAM_UNAVAILABLE) return null;
  const upstream = typeof ext.upstream === "string" ? ext.upstream : "";
  // An ingest URL is the client's own: what its server answered is theirs to see.
  if (upstream === "url") return null;
  const name = NAMES[upstream] ?? "An upstream service";
  const retryInMs = typeof ext.retryInMs === "number" ? ext.retryInMs : undefined;
  const when =
    ext.circuit === "open"
      ? retryInMs
        ? ` (circuit open); the gateway tries again in ${Math.ceil(retryInMs / 1000)} s`
        : " (circuit open); a probe is under way"
      : " or failed";
  const extensions: Record<string, unknown> = { code: ErrorCode.UPSTREAM_UNAVAILABLE, correlationId };
  if (upstream) extensions.upstream = upstream;
  if (ext.circuit) extensions.circuit = ext.circuit;
  if (retryInMs !== undefined) extensions.retryInMs = retryInMs;
  return {
    message: `${name} is unavailable${when}. Retry later; quote correlation id ${correlationId} when reporting it.`,
    path: formatted.path,
    locations: formatted.locations,
    extensions,
  };
}
