// Table and column names: the one rule every SQL identifier from a user must pass before it is quoted.
import { badInput } from "../../errors";

/** Letters, digits and underscores, not starting with a digit, at most 64 characters. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** True when `name` may be used as a table or column name. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * Throws BAD_USER_INPUT naming `field` unless `name` is a valid identifier no longer than `maxLength`
 * (PostgreSQL keeps 63 characters and would silently cut a 64th).
 */
export function checkIdentifier(name: string, field: string, what = "name", maxLength = 64): string {
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
