// The gateway's event topics and their payloads: what publishers send and subscriptions receive.
import type { EventBus } from "./bus";

/** An alias moved to a version (version null: deleted). */
export interface AliasChange {
  name: string;
  alias: string;
  version: number | null;
  previousVersion: number | null;
  /** ISO 8601. */
  changedAt: string;
}

/** A training job changed; the payload is its id only and subscribers read the job (one source of truth). */
export interface JobChange {
  id: string;
}

/** A pipeline run started or ended; the payload is its id only and subscribers read the run. */
export interface PipelineRunChange {
  id: string;
}

export const pipelineTopic = (pipelineId: string) => `pipeline:${pipelineId}`;
export const aliasTopic = (modelName: string) => `model-alias:${modelName}`;
export const jobTopic = (jobId: string) => `training-job:${jobId}`;

/**
 * Tell every gateway process that an alias moved or was deleted: promoteModel, trainGrid's promoteTo,
 * deleteModelAlias and pipelines call this after MLflow accepted the change.
 */
export function publishAliasChange(
  bus: EventBus,
  change: Omit<AliasChange, "changedAt"> & { changedAt?: Date },
): Promise<void> {
  const { changedAt, ...rest } = change;
  return bus.publish(aliasTopic(change.name), {
    ...rest,
    changedAt: (changedAt ?? new Date()).toISOString(),
  } satisfies AliasChange);
}

export function publishJobChange(bus: EventBus, jobId: string): Promise<void> {
  return bus.publish(jobTopic(jobId), { id: jobId } satisfies JobChange);
}
