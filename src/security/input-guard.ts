// Input checks that hold for every argument of every operation: no NUL characters, bounded nesting.
import { GraphQLError, Kind, visit, type DocumentNode } from "graphql";
import { badInput } from "../errors";

/**
 * Deeper than any input of the contract needs (grids, tags and prediction rows are flat); stops documents
 * built to overflow the stack of whatever walks them next.
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * Where an argument breaks a rule that holds for every input, or null. NUL (U+0000) is refused everywhere:
 * PostgreSQL (MLflow's store, the gateway's jsonb log) cannot hold it, so it would come back as an upstream
 * failure, or poison a batch of prediction-log rows, instead of a clear BAD_USER_INPUT.
 */
export function findInputProblem(value: unknown, root: string): { field: string; problem: string } | null {
  // Iterative: the walk itself must not be the thing a deep document overflows. Paths are built only for a
  // problem found (a 1,000-row predict would otherwise build 7,000 path strings per request).
  interface Item {
    v: unknown;
    parent: Item | null;
    key: string | number;
    depth: number;
  }
  const pathOf = (item: Item): string => {
    const parts: string[] = [];
    for (let it: Item | null = item; it && it.parent; it = it.parent)
      parts.push(typeof it.key === "number" ? `[${it.key}]` : `.${it.key}`);
    return root + parts.reverse().join("");
  };
  const nul = (parent: Item | null, key: string | number, depth: number) => ({
    field: pathOf({ v: undefined, parent, key, depth }),
    problem: "contains a NUL character (U+0000)",
  });
  if (typeof value === "string") return value.includes("\u0000") ? nul(null, root, 0) : null;
  if (value === null || typeof value !== "object") return null;
  // Only objects and lists go on the stack; strings are checked where they are found.
  const stack: Item[] = [{ v: value, parent: null, key: root, depth: 0 }];
  while (stack.length) {
    const item = stack.pop()!;
    const { v, depth } = item;
    if (depth >= MAX_INPUT_DEPTH)
      return { field: pathOf(item), problem: `is nested more than ${MAX_INPUT_DEPTH} levels deep` };
    const visit = (child: unknown, key: string | number) => {
      if (typeof child === "string") return child.includes("\u0000") ? nul(item, key, depth + 1) : null;
      if (child !== null && typeof child === "object")
        stack.push({ v: child, parent: item, key, depth: depth + 1 });
      return null;
    };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = visit(v[i], i);
        if (found) return found;
      }
      continue;
    }
    const obj = v as Record<string, unknown>;
    for (const k in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
      if (k.includes("\u0000"))
        return {
          field: `${pathOf(item)}.${k.replaceAll("\u0000", "\\0")}`,
          problem: "has a key with a NUL character (U+0000)",
        };
      const found = visit(obj[k], k);
      if (found) return found;
    }
  }
  return null;
}

function refuse(found: { field: string; problem: string }): GraphQLError {
  const err = badInput(`${found.field} ${found.problem}: remove it and send the request again.`, {
    field: found.field,
  });
  // Thrown from a request hook: without a status Apollo would answer 500.
  (err.extensions as Record<string, unknown>).http = { status: 400 };
  return err;
}

/** Apollo reuses one parsed DocumentNode per distinct query, so its literals are checked once, not per request. */
const documentProblems = new WeakMap<DocumentNode, { field: string; problem: string } | null>();

/** NUL characters written inline in the document's string literals (GraphQL escapes them as \u0000). */
function findInDocument(doc: DocumentNode): { field: string; problem: string } | null {
  const known = documentProblems.get(doc);
  if (known !== undefined) return known;
  const found = scanDocument(doc);
  documentProblems.set(doc, found);
  return found;
}

function scanDocument(doc: DocumentNode): { field: string; problem: string } | null {
  let found: { field: string; problem: string } | null = null;
  visit(doc, {
    Argument(node) {
      if (found) return false;
      const literal: string[] = [];
      visit(node.value, {
        [Kind.STRING]: (s) => void literal.push(s.value),
        [Kind.OBJECT_FIELD]: (f) => void literal.push(f.name.value),
      });
      if (literal.some((s) => s.includes("\u0000")))
        found = { field: node.name.value, problem: "contains a NUL character (U+0000)" };
      return false;
    },
  });
  return found;
}

/**
 * Refuses, before any resolver runs, arguments that no upstream can take (see findInputProblem): called from the
 * gateway's request plugin once the operation is resolved.
 */
export function guardOperationInputs(
  variables: Record<string, unknown> | undefined,
  document: DocumentNode,
): void {
  if (variables)
    for (const name in variables) {
      const found = findInputProblem(variables[name], `$${name}`);
      if (found) throw refuse(found);
    }
  const inline = findInDocument(document);
  if (inline) throw refuse(inline);
}
