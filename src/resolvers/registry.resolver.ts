// Resolvers for the registry area (filled in by its issue).
import { Resolver } from "type-graphql";

@Resolver()
export class RegistryResolver {}
