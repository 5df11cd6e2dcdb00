// Resolvers for the prediction area (filled in by its issue).
import { Resolver } from "type-graphql";

@Resolver()
export class PredictionResolver {}
