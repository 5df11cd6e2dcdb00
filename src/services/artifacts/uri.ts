// Artifact URI parsing and the guard against traversal: only s3://<configured bucket>/ and mlflow-artifacts:/
// for artifacts; model sources may also be runs:/ and models:/ references.
import { badInput } from "../../errors";
import { parseModelReference } from "../mlflow/model-reference";

export type ArtifactLocation =
  | { kind: "s3"; bucket: string; key: string }
  | { kind: "mlflow-artifacts"; path: string };

/**
 * Decode repeatedly until stable (defeats %252e%252e-style double encoding, CVE-2024-1560). Null when the
 * text is malformed (`..%2f%zz` must not slip through undecoded) or still encoded after 10 rounds.
 */
export function decodeFully(s: string): string | null {
  let cur = s;
  for (let i = 0; i < 10; i++) {
    let next: string;
    try {
      next = decodeURIComponent(cur);
    } catch {
      return null;
    }
    if (next === cur) return cur;
    cur = next;
  }
  return null;
}

function decodeOrRefuse(s: string, field: string): string {
  const decoded = decodeFully(s);
  if (decoded === null) {
    throw badInput(
      `${field} ${JSON.stringify(s)} is not allowed: its percent-encoding is malformed or nested`,
      {
        field,
      },
    );
  }
  return decoded;
}

/**
 * Refuse paths that could escape their root: `..`, backslashes, `#` (CVE-2023-6909), `;` path parameters
 * (CVE-2024-1593), `?`, control characters, absolute paths; checked after repeated decoding (CVE-2024-1560).
 */
export function assertSafeRelativePath(path: string, field = "path"): string {
  const decoded = decodeOrRefuse(path, field);
  if (
    decoded.includes("\\") ||
    /\p{Cc}/u.test(decoded) ||
    decoded.includes("#") ||
    decoded.includes(";") ||
    decoded.includes("?") ||
    decoded.startsWith("/") ||
    hasUnsafeSegment(decoded)
  ) {
    throw badInput(
      `${field} ${JSON.stringify(path)} is not allowed: artifact paths are relative, without "..", ".", empty segments, a scheme, "\\", "#", ";", "?" or control characters`,
      { field },
    );
  }
  return decoded;
}

/** `..` or `.`, an empty segment (`a//b`, `file:///x`), or a first segment like a scheme or drive (`file:`, `C:`). */
function hasUnsafeSegment(decoded: string): boolean {
  const segments = decoded.replace(/\/+$/, "").split("/");
  if (segments.some((seg) => seg === ".." || seg === ".")) return true;
  if (decoded && segments.some((seg) => seg === "")) return true;
  return /^[A-Za-z][A-Za-z0-9+.-]*:$/.test(segments[0]);
}

/** Parse an artifact URI; anything outside the allowed schemes or bucket is BAD_USER_INPUT. */
export function parseArtifactUri(uri: string, bucket: string, field = "source"): ArtifactLocation {
  const decoded = decodeOrRefuse(uri, field);
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(decoded);
  if (s3) {
    if (s3[1] !== bucket) {
      throw badInput(
        `${field} ${JSON.stringify(uri)} is in bucket "${s3[1]}"; only s3://${bucket}/ is allowed`,
        { field },
      );
    }
    const key = s3[2].replace(/\/+$/, "");
    if (key) assertSafeRelativePath(key, field);
    return { kind: "s3", bucket: s3[1], key };
  }
  // No host part: mlflow-artifacts://other-host/ would address another tracking server.
  const proxied = /^mlflow-artifacts:(?:\/\/)?\/(.*)$/.exec(decoded);
  if (proxied) {
    const path = proxied[1].replace(/\/+$/, "");
    if (path) assertSafeRelativePath(path, field);
    return { kind: "mlflow-artifacts", path };
  }
  throw badInput(
    `${field} ${JSON.stringify(uri)} is not allowed: artifact locations must be s3://${bucket}/... or mlflow-artifacts:/...`,
    { field },
  );
}

export type ModelSource =
  | ArtifactLocation
  | { kind: "runs"; runId: string; path: string }
  | { kind: "models"; reference: string };

const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;
// MLflow 3 logged models: models:/m-<hex id>
const LOGGED_MODEL_ID = /^m-[0-9a-f]{32}$/;

/**
 * A model version's `source`: s3://<bucket>/..., mlflow-artifacts:/..., runs:/<run id>/<path> or models:/<ref>.
 * Everything else (file:, an empty scheme, http(s), other buckets) is BAD_USER_INPUT: CVE-2023-1177,
 * CVE-2024-1483 (`http:///#/../../`) and CVE-2024-3573 (empty or file scheme) all came in through sources.
 */
export function parseModelSource(source: string, bucket: string, field = "source"): ModelSource {
  const decoded = decodeOrRefuse(source, field);
  const runs = /^runs:\/(.*)$/.exec(decoded);
  if (runs) {
    const [runId, ...rest] = runs[1].replace(/^\/+/, "").split("/");
    if (!RUN_ID.test(runId ?? "")) {
      throw badInput(`${field} ${JSON.stringify(source)} is not allowed: expected runs:/<run id>/<path>`, {
        field,
      });
    }
    const path = rest.join("/").replace(/\/+$/, "");
    if (path) assertSafeRelativePath(path, field);
    return { kind: "runs", runId, path };
  }
  const models = /^models:\/(.*)$/.exec(decoded);
  if (models) {
    const ref = models[1].replace(/^\/+/, "");
    if (!LOGGED_MODEL_ID.test(ref)) {
      if (/[#;?\\]|\.\./.test(ref)) {
        throw badInput(`${field} ${JSON.stringify(source)} is not allowed: not a model reference`, { field });
      }
      parseModelReference(ref, field);
    }
    return { kind: "models", reference: ref };
  }
  return parseArtifactUri(source, bucket, field);
}

/** Join a relative path onto an artifact root URI. */
export function joinArtifactUri(root: string, rel: string): string {
  const safe = assertSafeRelativePath(rel, "path");
  return `${root.replace(/\/+$/, "")}/${safe}`;
}
