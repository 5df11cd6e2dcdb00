// Query.health: every upstream's reachability.
import { Authorized, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { Health } from "../schema/common.type";
import { Role } from "../schema/enums";

@Resolver()
export class HealthResolver {
  @Authorized(Role.VIEWER)
  @Query(() => Health, {
    description: "Reachability and latency of every upstream: mysql, postgres, mlflow, s3.",
  })
  health(@Ctx() ctx: Context): Promise<Health> {
    return ctx.services.health.check();
  }
}
