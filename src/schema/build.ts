// Builds the executable schema from the type-graphql resolvers; the SDL emitted from it is committed.
import "reflect-metadata";
import { GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { authChecker } from "../auth";
import { resolvers } from "../resolvers";
import { DateTimeScalar } from "./scalars";

let cached: Promise<GraphQLSchema> | undefined;

export function buildGatewaySchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    authChecker,
    authMode: "error",
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
