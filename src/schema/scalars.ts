// The contract's scalars: DateTime, JSON and JSONObject (graphql-scalars).
import { DateTimeResolver, JSONObjectResolver, JSONResolver } from "graphql-scalars";

export const DateTimeScalar = DateTimeResolver;
export const JSONScalar = JSONResolver;
export const JSONObjectScalar = JSONObjectResolver;

export type JsonObject = Record<string, unknown>;

/** MLflow sends epoch milliseconds; the schema speaks DateTime. */
export function fromEpochMs(ms: number | string | undefined | null): Date | null {
  if (ms === undefined || ms === null || ms === "") return null;
  const n = Number(ms);
  return Number.isFinite(n) && n > 0 ? new Date(n) : null;
}
