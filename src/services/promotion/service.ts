// Promotion: alias and stage moves with the requireBetter guard, and the audit row. promoteModel and trainGrid's
// promoteTo both go through it; serving subscribes to forget its cached alias resolutions.
import type { Logger } from "pino";
import { badInput, describeCause, isGatewayError, notFound } from "../../errors";
import type { EventBus } from "../events/bus";
import { publishAliasChange } from "../events/topics";
import type { MlflowClient } from "../mlflow/client";
import { DEFAULT_ALIAS } from "../mlflow/model-reference";
import type { MlflowModelVersion } from "../mlflow/types";
import type { GatewayDb } from "../store/db";
import { checkAlias, compareForPromotion, formatMetric, latestMetric } from "./rules";

export interface PromotionDeps {
  log: Logger;
  db: GatewayDb;
  /** Alias moves are published to subscribers of modelAliasChanged in every gateway process. */
  events: EventBus;
  mlflow: MlflowClient;
}

/** A promotion request (promoteModel's input, also used by trainGrid's promoteTo). */
export interface PromoteRequest {
  name: string;
  version: number;
  alias: string;
  /** MLflow stage name: "None" | "Staging" | "Production" | "Archived". */
  stage?: string | null;
  archiveExisting: boolean;
  requireBetter?: { metric: string; higherIsBetter: boolean } | null;
}

export interface PromoteResult {
  promoted: boolean;
  reason: string;
  /** The candidate version after the promotion (or unchanged). */
  modelVersion: MlflowModelVersion;
  /** The alias's holder before the promotion, if any. */
  previous: MlflowModelVersion | null;
}

/** Called after an alias or stage of the model moved (serving forgets its cached resolutions of that model). */
export type PromotionListener = (modelName: string) => void;

const MLFLOW_STAGES = new Set(["None", "Staging", "Production", "Archived"]);

export class PromotionService {
  private readonly listeners: PromotionListener[] = [];

  constructor(readonly deps: PromotionDeps) {}

  /** Register a listener for moved aliases and stages (called at construction by the services that cache them). */
  onPromoted(listener: PromotionListener): void {
    this.listeners.push(listener);
  }

  /** Move an alias (and optionally a stage) to a version, with the requireBetter guard; audited. */
  async promote(req: PromoteRequest, requestedBy: string | null): Promise<PromoteResult> {
    const alias = checkAlias(req.alias || DEFAULT_ALIAS);
    if (req.stage && !MLFLOW_STAGES.has(req.stage))
      throw badInput(`stage ${JSON.stringify(req.stage)} is not one of None, Staging, Production, Archived`, {
        field: "input.stage",
      });
    const audit = { alias, stage: req.stage ?? null, previous: null as number | null };
    try {
      const result = await this.promoteUnaudited(req, alias, audit);
      await this.recordPromotion(req, audit, result.promoted, result.reason, requestedBy);
      if (result.promoted && audit.previous !== req.version) {
        await this.announce(req.name, alias, req.version, audit.previous);
      }
      return result;
    } catch (err) {
      const reason = isGatewayError(err)
        ? `error ${String(err.extensions.code)}: ${err.message}`
        : `error: ${describeCause(err)}`;
      await this.recordPromotion(req, audit, false, reason, requestedBy);
      throw err;
    }
  }

  private async promoteUnaudited(
    req: PromoteRequest,
    alias: string,
    audit: { previous: number | null },
  ): Promise<PromoteResult> {
    const { mlflow } = this.deps;
    const { name, version } = req;
    if (!Number.isInteger(version) || version < 1)
      throw badInput(`input.version must be a version number (1, 2, ...), got ${version}`, {
        field: "input.version",
      });
    const candidate = await mlflow.getModelVersion(name, version);
    if (!candidate)
      throw notFound(
        `model ${JSON.stringify(name)} has no version ${version}: check the name and version (registeredModel lists them)`,
        { field: "input.version" },
      );
    if (candidate.status && candidate.status !== "READY")
      throw badInput(
        `version ${version} of ${JSON.stringify(name)} is ${candidate.status}, not READY: wait until registration finishes, or register the model again if it failed`,
        { field: "input.version" },
      );
    const previous = await mlflow.getModelVersionByAlias(name, alias);
    audit.previous = previous ? Number(previous.version) : null;
    const holdsAlready = previous !== null && Number(previous.version) === version;

    let guardText = "";
    if (req.requireBetter && previous && !holdsAlready) {
      const guard = await this.checkGuard(req.requireBetter, alias, candidate, previous);
      if (!guard.better) return { promoted: false, reason: guard.reason, modelVersion: candidate, previous };
      guardText = `; ${guard.reason}`;
    }

    await mlflow.setAlias(name, alias, version);
    let stageText = "";
    if (req.stage) {
      // MLflow accepts archive_existing_versions only when moving into Staging or Production.
      const archive = req.archiveExisting && (req.stage === "Staging" || req.stage === "Production");
      await mlflow.transitionStage(name, version, req.stage, archive);
      stageText = `; stage ${req.stage}${archive ? ` (other ${req.stage} versions archived)` : ""}`;
    }
    for (const listener of this.listeners) listener(name);

    const moved = holdsAlready
      ? `@${alias} already pointed at version ${version}`
      : previous
        ? `@${alias} moved from version ${previous.version} to version ${version}`
        : `@${alias} now points at version ${version} (it pointed at no version before)`;
    const [after, previousAfter] = await Promise.all([
      mlflow.getModelVersion(name, version),
      previous && !holdsAlready ? mlflow.getModelVersion(name, previous.version) : Promise.resolve(previous),
    ]);
    return {
      promoted: true,
      reason: `${moved}${guardText}${stageText}`,
      modelVersion: after ?? candidate,
      previous: previousAfter ?? previous,
    };
  }

  /** Remove an alias (the version stays); audited like a promotion, and serving forgets the alias at once. */
  async deleteAlias(
    name: string,
    aliasName: string,
    requestedBy: string | null,
  ): Promise<{ previous: number }> {
    const { mlflow } = this.deps;
    const alias = checkAlias(aliasName, "alias");
    const model = await mlflow.getRegisteredModel(name);
    if (!model) throw notFound(`registered model ${JSON.stringify(name)} does not exist`, { field: "name" });
    const holder = (model.aliases ?? []).find((a) => a.alias === alias);
    if (!holder)
      throw notFound(
        `model ${JSON.stringify(name)} has no alias @${alias}` +
          (model.aliases?.length ? ` (it has ${model.aliases.map((a) => "@" + a.alias).join(", ")})` : ""),
        { field: "alias" },
      );
    const previous = Number(holder.version);
    await mlflow.deleteAlias(name, alias);
    for (const listener of this.listeners) listener(name);
    await this.announce(name, alias, null, previous);
    try {
      await this.deps.db.query(
        `INSERT INTO promotions (model_name, version, alias, previous_version, promoted, reason, requested_by, action)
         VALUES ($1, $2, $3, $2, false, $4, $5, 'delete_alias')`,
        [name, previous, alias, `@${alias} deleted (it pointed at version ${previous})`, requestedBy],
      );
    } catch (err) {
      this.deps.log.error(
        { err: describeCause(err), model: name, alias },
        "alias deletion audit row could not be written",
      );
    }
    return { previous };
  }

  /** Tell modelAliasChanged subscribers in every process. The alias moved in MLflow whatever happens to the
   * event, so a failed publish is logged, not thrown. */
  private async announce(name: string, alias: string, version: number | null, previous: number | null) {
    await publishAliasChange(this.deps.events, { name, alias, version, previousVersion: previous }).catch(
      (err) => this.deps.log.warn({ err, model: name, alias }, "could not publish an alias move"),
    );
  }

  /** Compare the guard metric on the candidate's run with the holder's run (latest values, from runs/get). */
  private async checkGuard(
    guard: { metric: string; higherIsBetter: boolean },
    alias: string,
    candidate: MlflowModelVersion,
    holder: MlflowModelVersion,
  ): Promise<{ better: boolean; reason: string }> {
    const { mlflow } = this.deps;
    const field = "input.requireBetter.metric";
    const metric = guard.metric.trim();
    if (!metric)
      throw badInput("input.requireBetter.metric is empty: name a metric such as test_accuracy", { field });
    if (!candidate.run_id)
      throw badInput(
        `version ${candidate.version} has no run, so its ${metric} cannot be compared: promote it without requireBetter`,
        { field },
      );
    const [candidateRun, holderRun] = await Promise.all([
      mlflow.getRun(candidate.run_id),
      holder.run_id ? mlflow.getRun(holder.run_id) : Promise.resolve(null),
    ]);
    const candidateValue = latestMetric(candidateRun?.data?.metrics, metric);
    if (candidateValue === undefined)
      throw badInput(
        `the run of version ${candidate.version} (${candidate.run_id}) has no numeric metric ${JSON.stringify(metric)}: check the metric name (e.g. test_accuracy)`,
        { field },
      );
    const holderValue = latestMetric(holderRun?.data?.metrics, metric);
    if (holderValue === undefined)
      return {
        better: false,
        reason:
          `not promoted: @${alias} (version ${holder.version}) has no ${metric} to compare with ` +
          `(version ${candidate.version} has ${metric}=${formatMetric(candidateValue)}); promote without requireBetter to replace it`,
      };
    const outcome = compareForPromotion({
      metric,
      higherIsBetter: guard.higherIsBetter,
      alias,
      candidate: { version: Number(candidate.version), value: candidateValue },
      holder: { version: Number(holder.version), value: holderValue },
    });
    return outcome.better
      ? { better: true, reason: `${outcome.comparison} (${outcome.rule})` }
      : {
          better: false,
          reason: `not promoted: ${outcome.comparison}; ${outcome.rule} and the candidate must beat the current holder`,
        };
  }

  /** The audit row; a failure to write it is logged, never hides the promotion's own outcome. */
  private async recordPromotion(
    req: PromoteRequest,
    audit: { alias: string; stage: string | null; previous: number | null },
    promoted: boolean,
    reason: string,
    requestedBy: string | null,
  ): Promise<void> {
    try {
      await this.deps.db.query(
        `INSERT INTO promotions (model_name, version, alias, stage, previous_version, promoted, reason, requested_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          req.name,
          Number.isInteger(req.version) ? req.version : 0,
          audit.alias,
          audit.stage,
          audit.previous,
          promoted,
          reason,
          requestedBy,
        ],
      );
    } catch (err) {
      this.deps.log.error(
        { err: describeCause(err), model: req.name, version: req.version, promoted },
        "promotion audit row could not be written",
      );
    }
  }
}
