// Resolvers for the experiment area (filled in by its issue).
import { Resolver } from "type-graphql";

@Resolver()
export class ExperimentResolver {}
