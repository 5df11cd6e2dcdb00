// Builds the executable schema from the type-graphql resolvers; the SDL emitted from it is committed.
import "reflect-metadata";
import { GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchema, PubSub } from "type-graphql";
import { authChecker } from "../auth";
import { resolvers } from "../resolvers";
import { DateTimeScalar } from "./scalars";

let cached: Promise<GraphQLSchema> | undefined;

/**
 * type-graphql wants a PubSub as soon as a @Subscription exists. Every subscription of ours names its own
 * `subscribe` (the EventBus from the context, which crosses processes), so this one must never be used: it
 * refuses, rather than quietly becoming an in-memory bus that only reaches subscribers of one process.
 */
const NO_IN_PROCESS_PUBSUB: PubSub = {
  publish() {
    throw new Error("publish through services.events (src/services/events), not type-graphql's PubSub");
  },
  subscribe() {
    throw new Error("a @Subscription must name `subscribe` (src/services/events), not `topics`");
  },
};

export function buildGatewaySchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    authChecker,
    authMode: "error",
    pubSub: NO_IN_PROCESS_PUBSUB,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  });
  return cached;
}

const HEADER =
  "# Emitted from the type-graphql classes by `npm run schema:emit`. Do not edit: change src/schema/*.ts.\n\n";

export async function printGatewaySchema(): Promise<string> {
  return HEADER + printSchema(lexicographicSortSchema(await buildGatewaySchema())) + "\n";
}
