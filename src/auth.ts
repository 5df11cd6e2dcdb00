// API-key authentication and the one auth checker behind type-graphql's @Authorized.
import { createHash, timingSafeEqual } from "node:crypto";
import type { AuthChecker } from "type-graphql";
import type { Config } from "./config";
import { forbidden, unauthenticated } from "./errors";
import { Role } from "./schema/enums";
import type { Context } from "./context";

export interface Caller {
  /** The API key's name (recorded in audit and job rows). */
  name: string;
  role: Role;
}

const RANK: Record<Role, number> = { [Role.VIEWER]: 1, [Role.TRAINER]: 2, [Role.ADMIN]: 3 };

export const sha256Hex = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

export interface Authentication {
  caller: Caller | null;
  /** Set when a key was sent but is not recognized. */
  error?: string;
}

/** Who is calling, from the Authorization header. With auth disabled every caller is an anonymous ADMIN. */
export function authenticate(header: string | undefined, config: Config["auth"]): Authentication {
  if (config.disabled) return { caller: { name: "anonymous", role: Role.ADMIN } };
  if (!header) return { caller: null };
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) return { caller: null, error: "The Authorization header must be `Bearer <api key>`." };
  const digest = Buffer.from(sha256Hex(m[1]), "hex");
  for (const key of config.keys) {
    if (timingSafeEqual(digest, Buffer.from(key.sha256, "hex")))
      return { caller: { name: key.name, role: key.role as Role } };
  }
  return { caller: null, error: "The API key is not recognized." };
}

/** @Authorized(Role.X): the caller must be authenticated and hold at least role X. */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  if (!roles.length) {
    if (!context.caller) throw unauthenticated(context.authError ?? undefined);
    return true;
  }
  const needed = roles.reduce((a, b) => (RANK[a] <= RANK[b] ? a : b));
  assertRole(context, needed, "This operation");
  return true;
};

/**
 * For an argument that needs more than its operation does (trainGrid's promoteTo moves an alias, which is
 * promoteModel's ADMIN right): throws UNAUTHENTICATED or FORBIDDEN like @Authorized would.
 */
export function assertRole(context: Pick<Context, "caller" | "authError">, role: Role, what: string): Caller {
  const caller = context.caller;
  if (!caller) throw unauthenticated(context.authError ?? undefined);
  if (RANK[caller.role] >= RANK[role]) return caller;
  throw forbidden(`${what} needs the ${role} role; the API key "${caller.name}" has ${caller.role}.`);
}
