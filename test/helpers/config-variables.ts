// The environment variables src/config.ts reads: what README, .env.example and docker-compose.yaml are checked against.
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config";

/** The repository root (this file runs from dist/test/helpers/). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

const NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * Every variable loadConfig reads, sorted. Two sources, so neither can miss one: the lookups loadConfig
 * makes (recorded through a Proxy, in development and in production, whose defaults differ), and the
 * names written as string literals in src/config.ts (for a read that only happens behind a condition).
 */
export function configVariables(): string[] {
  const seen = new Set<string>();
  for (const base of [{}, { NODE_ENV: "production", AUTH_DISABLED: "true" }] as Record<string, string>[]) {
    const env = new Proxy(base, {
      get(target, key) {
        if (typeof key === "string" && NAME.test(key)) seen.add(key);
        return typeof key === "string" ? target[key] : undefined;
      },
    });
    try {
      loadConfig(env);
    } catch {
      // a ConfigError still recorded every lookup made before it was thrown
    }
  }
  const source = readFileSync(path.join(REPO_ROOT, "src", "config.ts"), "utf8");
  for (const m of source.matchAll(/\b(?:str|opt|int|bool|url)\(\s*"([A-Z][A-Z0-9_]*)"/g)) seen.add(m[1]);
  for (const m of source.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)|\[\s*"([A-Z][A-Z0-9_]*)"\s*\])/g)) {
    seen.add(m[1] ?? m[2]);
  }
  return [...seen].sort();
}

/** Resolve compose-style `${NAME:-default}` / `${NAME-default}` / `${NAME}` to the default (or ""). */
export function composeDefault(value: string): string {
  return value.replace(/\$\{[A-Z0-9_]+(?::?-([^}]*))?\}/g, (_m, def: string | undefined) => def ?? "");
}
