// MLflow REST DTOs (snake_case, as on the wire). MLflow omits empty arrays and unset fields: all optional.
export interface KeyValue {
  key: string;
  value?: string;
}

export interface MlflowExperiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  last_update_time?: number;
  creation_time?: number;
  tags?: KeyValue[];
}

export type MlflowRunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";

export interface MlflowRunInfo {
  run_id: string;
  run_uuid?: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status?: MlflowRunStatus;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

export interface MlflowMetric {
  key: string;
  value: number | string;
  timestamp?: number;
  step?: number;
  run_id?: string;
  /** MLflow 3: the LoggedModel the metric belongs to. */
  model_id?: string;
}

export interface MlflowDataset {
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface MlflowDatasetInput {
  tags?: KeyValue[];
  dataset: MlflowDataset;
}

export interface MlflowRun {
  info: MlflowRunInfo;
  data?: { metrics?: MlflowMetric[]; params?: KeyValue[]; tags?: KeyValue[] };
  inputs?: { dataset_inputs?: MlflowDatasetInput[]; model_inputs?: { model_id: string }[] };
  outputs?: { model_outputs?: { model_id: string; step?: number }[] };
}

export interface MlflowFileInfo {
  path: string;
  is_dir?: boolean;
  file_size?: number | string;
}

export interface MlflowRegisteredModelAlias {
  alias: string;
  version: string;
}

export interface MlflowModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string; // PENDING_REGISTRATION | FAILED_REGISTRATION | READY
  status_message?: string;
  tags?: KeyValue[];
  run_link?: string;
  aliases?: string[];
  model_id?: string;
}

export interface MlflowRegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  description?: string;
  latest_versions?: MlflowModelVersion[];
  tags?: KeyValue[];
  aliases?: MlflowRegisteredModelAlias[];
}

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

/** The error body MLflow sends: {"error_code": "...", "message": "..."}. */
export interface MlflowErrorBody {
  error_code?: string;
  message?: string;
}
