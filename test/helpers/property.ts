// One seed for every property test, so CI runs the same cases each time and a failure can be replayed.
import fc from "fast-check";

/** Fixed unless PROPERTY_SEED says otherwise; PROPERTY_SEED=random draws a fresh one (printed by the test). */
export const PROPERTY_SEED =
  process.env.PROPERTY_SEED === "random"
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.PROPERTY_SEED ?? 20261201);

/**
 * fast-check options for one property: the shared seed and the run count. fast-check names the seed and the
 * failing case's path in its failure message; replay with PROPERTY_SEED=<seed>.
 */
export function propertyOptions<T>(numRuns: number): fc.Parameters<T> {
  if (!Number.isInteger(PROPERTY_SEED)) throw new Error(`PROPERTY_SEED must be a whole number or "random"`);
  return { seed: PROPERTY_SEED, numRuns };
}
