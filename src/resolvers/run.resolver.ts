// Resolvers for the run area (filled in by its issue).
import { Resolver } from "type-graphql";

@Resolver()
export class RunResolver {}
