// Resolvers for the training area (filled in by its issue).
import { Resolver } from "type-graphql";

@Resolver()
export class TrainingResolver {}
