// Resolvers for the dataset area (filled in by its issue).
import { Resolver } from "type-graphql";

@Resolver()
export class DatasetResolver {}
