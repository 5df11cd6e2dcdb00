// Prediction monitoring: Query.predictionStats (thin: arguments in, MonitoringService out).
import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { Role } from "../schema/enums";
import { FeatureDrift, LabelShare, PredictionStats, VersionCount } from "../schema/monitoring.type";
import { DateTimeScalar } from "../schema/scalars";
import { badInput } from "../errors";

@Resolver()
export class MonitoringResolver {
  @Authorized(Role.VIEWER)
  @Query(() => PredictionStats, {
    description:
      "What the model answered over a time window, and how far live inputs drift from its training data: totals per " +
      'version, label shares, and per feature the PSI against the serving version\'s training profile. "penguins" covers ' +
      'every version; "penguins@champion" or "penguins/3" only that version. Computed in SQL over the prediction log.',
  })
  async predictionStats(
    @Ctx() ctx: Context,
    @Arg("model", () => String, {
      description: 'Model name, or a reference such as "penguins@champion" or "penguins/3".',
    })
    model: string,
    @Arg("since", () => DateTimeScalar, {
      nullable: true,
      description: "Start of the window (inclusive); none: the oldest kept row.",
    })
    since?: Date | null,
    @Arg("until", () => DateTimeScalar, {
      nullable: true,
      description: "End of the window (exclusive); none: now.",
    })
    until?: Date | null,
  ): Promise<PredictionStats> {
    if (since && until && since >= until)
      throw badInput("since must be earlier than until", { field: "since" });
    const s = await ctx.services.monitoring.predictionStats(model, since, until);
    return Object.assign(new PredictionStats(), {
      ...s,
      byVersion: s.byVersion.map((v) => Object.assign(new VersionCount(), v)),
      labels: s.labels.map((l) => Object.assign(new LabelShare(), l)),
      drift: s.drift.map((d) => Object.assign(new FeatureDrift(), d)),
    });
  }
}
