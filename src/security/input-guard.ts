// Input checks that hold for every argument of every operation: no NUL characters, bounded nesting.
import type { ApolloServerPlugin } from "@apollo/server";
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
  // Iterative: the walk itself must not be the thing a deep document overflows.
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return { field: path, problem: "contains a NUL character (U+0000)" };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth >= MAX_INPUT_DEPTH)
      return { field: path, problem: `is nested more than ${MAX_INPUT_DEPTH} levels deep` };
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const [k, item] of Object.entries(v)) {
      if (k.includes("\u0000"))
        return {
          field: `${path}.${k.replaceAll("\u0000", "\\0")}`,
          problem: "has a key with a NUL character (U+0000)",
        };
      stack.push({ v: item, path: `${path}.${k}`, depth: depth + 1 });
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

/** NUL characters written inline in the document's string literals (GraphQL escapes them as \u0000). */
function findInDocument(doc: DocumentNode): { field: string; problem: string } | null {
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

/** Refuses, before any resolver runs, arguments that no upstream can take (see findInputProblem). */
export function inputGuardPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            const found = findInputProblem(value, `$${name}`);
            if (found) throw refuse(found);
          }
          const inline = findInDocument(document);
          if (inline) throw refuse(inline);
        },
      };
    },
  };
}
