// The budget of one GraphQL operation, measured before execution: cost weighted by list sizes through
// nesting, predict rows across fields, heavy mutations; and the Apollo plugin that refuses what is over it.
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLObjectType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { limitExceeded } from "../errors";

/** Arguments that say how many items a list field returns (or, for `inputs`, how many rows it scores). */
const SIZE_ARGUMENTS = ["first", "limit"] as const;
/** The largest `first`/`limit` any field accepts. */
export const MAX_PAGE_SIZE = 1000;
/** A list field without a size argument (metrics, tags, profile columns) is assumed to hold this many items. */
export const DEFAULT_LIST_SIZE = 10;
/** predict rows are scored in memory: one unit of cost per this many rows, not per row. */
export const PREDICT_ROWS_PER_COST_UNIT = 100;
/** Mutations that each read or write whole tables or train models: at most one per operation. */
export const HEAVY_MUTATIONS = new Set(["trainGrid", "ingestDataset", "prepareDataset"]);

export interface OperationBudget {
  /** Estimated cost: 1 per leaf and 2 per object, times how many times the field resolves. */
  cost: number;
  /** Rows of every `predict` field of the operation together. */
  predictRows: number;
  /** How many `predict` fields the operation has. */
  predictFields: number;
  /** Root mutation fields of HEAVY_MUTATIONS, once per occurrence. */
  heavyMutations: string[];
}

export interface BudgetLimits {
  maxCost: number;
  maxPredictRows: number;
}

/**
 * Walk the operation with its variables. Fragments count as the fields they contain. The walk stops as soon
 * as the cost passes `stopAbove`, so a document built to be expensive is also cheap to refuse.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
  stopAbove = Number.MAX_SAFE_INTEGER,
): OperationBudget {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const out: OperationBudget = { cost: 0, predictRows: 0, predictFields: 0, heavyMutations: [] };
  const root = schema.getRootType(operation.operation);
  if (!root) return out;

  const walk = (
    set: SelectionSetNode,
    type: GraphQLObjectType,
    times: number,
    sized: boolean,
    depth: number,
  ) => {
    for (const sel of set.selections) {
      if (out.cost > stopAbove || depth > 200) return;
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        walk(sel.selectionSet, isObjectType(on) ? on : type, times, sized, depth + 1);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        const on = frag && schema.getType(frag.typeCondition.name.value);
        if (frag) walk(frag.selectionSet, isObjectType(on) ? on : type, times, sized, depth + 1);
        continue;
      }
      const name = sel.name.value;
      if (name.startsWith("__")) continue;
      const field = type.getFields()[name];
      if (!field) continue;
      const leaf = isLeafType(getNamedType(field.type));
      out.cost += times * (leaf ? 1 : 2);
      let args: Record<string, unknown> = {};
      try {
        args = getArgumentValues(field, sel, variables);
      } catch {
        // Invalid arguments fail in execution with their own error; count the field without them.
      }
      if (depth === 0 && root.name === "Mutation" && HEAVY_MUTATIONS.has(name)) out.heavyMutations.push(name);
      let size: number | undefined;
      for (const a of SIZE_ARGUMENTS) {
        const n = args[a];
        // Every page size of the schema is 1 to MAX_PAGE_SIZE, checked by its resolver before any upstream
        // call: a value outside fails there with BAD_USER_INPUT naming it, so it is counted as one item.
        if (typeof n === "number") size = n >= 1 && n <= MAX_PAGE_SIZE ? n : 1;
      }
      if (Array.isArray(args.inputs)) {
        if (name === "predict") {
          out.predictRows += times * args.inputs.length;
          out.predictFields += times;
        }
        size = Math.max(1, Math.ceil(args.inputs.length / PREDICT_ROWS_PER_COST_UNIT));
      }
      const child = getNamedType(field.type);
      if (!sel.selectionSet || !isObjectType(child)) continue;
      const list = isListType(getNullableType(field.type));
      const childTimes =
        size !== undefined ? times * size : list && !sized ? times * DEFAULT_LIST_SIZE : times;
      walk(sel.selectionSet, child, childTimes, size !== undefined, depth + 1);
    }
  };
  walk(operation.selectionSet, root, 1, false, 0);
  return out;
}

/** Why an operation is over its budget, as the coded error to send (HTTP 400), or null. */
export function budgetProblem(budget: OperationBudget, limits: BudgetLimits): GraphQLError | null {
  if (budget.heavyMutations.length > 1)
    return limitExceeded(
      `One operation may run at most one of trainGrid, ingestDataset and prepareDataset; this one asks for ` +
        `${budget.heavyMutations.join(", ")}. Send them as separate requests.`,
      "HEAVY_MUTATIONS_PER_OPERATION",
      1,
      400,
    );
  // One oversized predict is refused by predict itself (BAD_USER_INPUT naming `inputs`, before any model
  // is loaded); this catches the rows spread over aliases, which no single field sees.
  if (budget.predictRows > limits.maxPredictRows && budget.predictFields > 1)
    return limitExceeded(
      `This operation's predict fields ask for ${budget.predictRows} rows together; at most ` +
        `${limits.maxPredictRows} rows are scored per operation (PREDICT_MAX_ROWS). Split the rows over requests.`,
      "PREDICT_MAX_ROWS",
      limits.maxPredictRows,
      400,
    );
  if (budget.cost > limits.maxCost)
    return limitExceeded(
      `Query cost limit of ${limits.maxCost} exceeded (QUERY_MAX_COST): counting list sizes (first, limit, ` +
        `inputs and their defaults) multiplied through nesting, this document costs more than ${limits.maxCost}. ` +
        `Ask for smaller pages or fewer nested lists.`,
      "QUERY_MAX_COST",
      limits.maxCost,
      400,
    );
  return null;
}

/**
 * The check that refuses, after validation and before any resolver runs, an operation over its budget: called
 * from the gateway's request plugin. `charge` (the cost rate limit) is called with the cost of every operation
 * that passes; it may throw to refuse it.
 */
export function budgetCheck(
  limits: BudgetLimits,
  charge?: (cost: number) => void,
): (
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
) => void {
  return (schema, document, operation, variables) => {
    const budget = measureOperation(schema, document, operation, variables, limits.maxCost);
    const problem = budgetProblem(budget, limits);
    if (problem) throw problem;
    charge?.(budget.cost);
  };
}
