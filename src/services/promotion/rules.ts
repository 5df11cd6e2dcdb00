// Promotion rules as pure logic: alias validation and the requireBetter comparison (the audit row is service.ts's).
import { badInput } from "../../errors";

/** MLflow's alias rules (validation.py) plus the reference parser's: it must start with a letter or "_". */
const ALIAS = /^[A-Za-z_][A-Za-z0-9_-]{0,254}$/;

export function checkAlias(alias: string, field = "input.alias"): string {
  const a = alias.trim();
  if (!ALIAS.test(a) || /^v\d+$/i.test(a) || a.toLowerCase() === "latest") {
    throw badInput(
      `${field} ${JSON.stringify(alias)} is not a usable alias: use letters, digits, "_" and "-", starting with a letter or "_" ` +
        `(not "latest" and not v<number>, which MLflow reserves)`,
      { field },
    );
  }
  return a;
}

export interface GuardOutcome {
  better: boolean;
  /** Both values, e.g. "version 3 has test_accuracy=0.95, @champion (version 2) has test_accuracy=0.91". */
  comparison: string;
  /** "higher is better" or "lower is better". */
  rule: string;
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))));

/**
 * Is the candidate strictly better than the holder on the metric? A tie is not better (promoting would
 * change the served model without evidence that it improves anything).
 */
export function compareForPromotion(opts: {
  metric: string;
  higherIsBetter: boolean;
  alias: string;
  candidate: { version: number; value: number };
  holder: { version: number; value: number };
}): GuardOutcome {
  const { metric, higherIsBetter, alias, candidate, holder } = opts;
  return {
    better: higherIsBetter ? candidate.value > holder.value : candidate.value < holder.value,
    comparison: `version ${candidate.version} has ${metric}=${fmt(candidate.value)}, @${alias} (version ${holder.version}) has ${metric}=${fmt(holder.value)}`,
    rule: higherIsBetter ? "higher is better" : "lower is better",
  };
}

export const formatMetric = fmt;

/** The latest value of a metric in an MLflow run's data, or undefined when absent or not a number. */
export function latestMetric(
  metrics: { key: string; value: number | string }[] | undefined,
  key: string,
): number | undefined {
  const m = (metrics ?? []).find((x) => x.key === key);
  if (!m) return undefined;
  const v = typeof m.value === "string" ? Number(m.value) : m.value;
  return Number.isFinite(v) ? v : undefined;
}
