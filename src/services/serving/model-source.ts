// Where a model version's files may live: under its own run's artifacts or its LoggedModel's location.
import { ErrorCode, errorCode, unsupportedModel } from "../../errors";
import type { MlflowClient } from "../mlflow/client";
import type { MlflowModelVersion } from "../mlflow/types";

const trim = (uri: string) => uri.replace(/\/+$/, "");

/** True when `dir` is `root` or inside it (both already checked for traversal by parseArtifactUri). */
export function isUnder(dir: string, root: string): boolean {
  const d = trim(dir);
  const r = trim(root);
  return r !== "" && (d === r || d.startsWith(`${r}/`));
}

/**
 * Refuses (UNSUPPORTED_MODEL) a version whose files lie outside the artifact location of the run it names
 * or of its LoggedModel (MLflow 3): a `source` anywhere else in the bucket would let a registered version
 * point the gateway at files nobody logged for it.
 */
export async function checkSourceLocation(
  mlflow: MlflowClient,
  mv: MlflowModelVersion,
  dir: string,
  what: string,
): Promise<void> {
  const roots: string[] = [];
  if (mv.run_id) {
    const run = await mlflow.getRun(mv.run_id);
    if (run?.info.artifact_uri) roots.push(run.info.artifact_uri);
  }
  // MLflow 3 registers a LoggedModel with source models:/<model_id>; its REST answer has no model_id field.
  const modelId = mv.model_id ?? /^models:\/(m-[A-Za-z0-9]+)\/?$/.exec(mv.source ?? "")?.[1];
  if (modelId) {
    const logged = await mlflow
      .call<{ model?: { info?: { artifact_uri?: string } } }>(
        "GET",
        `logged-models/${encodeURIComponent(modelId)}`,
        {
          idempotent: true,
        },
      )
      .catch((err: unknown) => {
        if (errorCode(err) === ErrorCode.NOT_FOUND)
          return {} as { model?: { info?: { artifact_uri?: string } } };
        throw err;
      });
    const location = logged.model?.info?.artifact_uri;
    if (location) roots.push(location);
  }
  if (roots.some((root) => isUnder(dir, root))) return;
  throw unsupportedModel(
    roots.length
      ? `${what} is stored at ${dir}, outside the artifact location of its run or logged model (${roots.join(", ")}): register it from the run that produced it`
      : `${what} names no run or logged model whose artifact location holds ${dir}: register it from the run that produced it`,
  );
}
