// GraphQL document limits: graphql-armor for depth, aliases, directives, cost and field suggestions;
// graphql-js's own parser for the token limit.
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ParseOptions, ValidationRule } from "graphql";
import type { Config } from "../config";

export interface QueryLimits {
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
}

/**
 * Armor's Apollo plugins and validation rules for the configured limits. A document over a limit is refused
 * before any resolver runs, as a GraphQL error with code GRAPHQL_VALIDATION_FAILED (HTTP 400); the message
 * names the limit and the value found, so a legitimate client knows which knob to ask for.
 */
export function queryLimits(config: Pick<Config, "limits" | "nodeEnv">): QueryLimits {
  const l = config.limits;
  const armor = new ApolloArmor({
    // Fragments are flattened: splitting a query into fragments neither hides nor adds depth and cost.
    maxDepth: { n: l.maxDepth, flattenFragments: true },
    maxAliases: { n: l.maxAliases },
    maxDirectives: { n: l.maxDirectives },
    // Armor's Apollo token plugin throws from a parsing hook, which Apollo answers with HTTP 500 (and its
    // unexpected-error hook would echo any other internal error's message). graphql-js's parser counts tokens
    // itself and stops early with a syntax error: HTTP 400, GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    costLimit: { maxCost: l.maxCost, flattenFragments: true },
    // Suggestions are hidden in production by the gateway's formatError (src/server.ts), which sees every error:
    // armor's plugin for it would add a listener to every request.
    blockFieldSuggestion: { enabled: false },
  });
  const { validationRules } = armor.protect();
  return { validationRules, parseOptions: { maxTokens: l.maxTokens } };
}
