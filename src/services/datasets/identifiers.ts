// Table and column names: the one rule every SQL identifier from a user must pass before it is quoted.
import { badInput } from "../../errors";

/** Letters, digits and underscores, not starting with a digit, at most 64 characters. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Names that are valid identifiers but special on every JavaScript object: a `__proto__` column would be
 * ingested and then vanish from every row object (its setter eats the value); the other two shadow methods.
 */
export const RESERVED_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/** True when `name` may be used as a table or column name. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED_NAMES.has(name);
}

/**
 * Throws BAD_USER_INPUT naming `field` unless `name` is a valid identifier no longer than `maxLength`
 * (PostgreSQL keeps 63 characters and would silently cut a 64th).
 */
export function checkIdentifier(name: string, field: string, what = "name", maxLength = 64): string {
  if (RESERVED_NAMES.has(name)) {
    throw badInput(
      `${what} ${JSON.stringify(name)} is not allowed: __proto__, constructor and prototype are reserved names; rename the column`,
      { field },
    );
  }
  if (!IDENTIFIER.test(name)) {
    throw badInput(
      `${what} ${JSON.stringify(name)} is not allowed: use letters, digits and underscores, starting with a letter or underscore, at most 64 characters`,
      { field },
    );
  }
  if (name.length > maxLength) {
    throw badInput(`${what} ${JSON.stringify(name)} is too long: at most ${maxLength} characters here`, {
      field,
    });
  }
  return name;
}
