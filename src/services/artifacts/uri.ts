// Artifact URI parsing and the guard against traversal: only s3://<configured bucket>/ and mlflow-artifacts:/.
import { badInput } from "../../errors";

export type ArtifactLocation =
  | { kind: "s3"; bucket: string; key: string }
  | { kind: "mlflow-artifacts"; path: string };

/** Decode repeatedly until stable (defeats %252e%252e-style double encoding). */
export function decodeFully(s: string): string {
  let cur = s;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(cur);
    } catch {
      return cur;
    }
    if (next === cur) return cur;
    cur = next;
  }
  return cur;
}

/** Refuse paths that could escape their root: `..`, backslashes, `#`, `;`, NUL, absolute paths. */
export function assertSafeRelativePath(path: string, field = "path"): string {
  const decoded = decodeFully(path);
  if (
    decoded.includes("\\") ||
    decoded.includes("\0") ||
    decoded.includes("#") ||
    decoded.includes(";") ||
    decoded.split("/").some((seg) => seg === ".." || seg === ".") ||
    decoded.startsWith("/")
  ) {
    throw badInput(
      `${field} ${JSON.stringify(path)} is not allowed: artifact paths are relative, without "..", ".", "\\", "#" or ";"`,
      { field },
    );
  }
  return decoded;
}

/** Parse an artifact URI; anything outside the allowed schemes or bucket is BAD_USER_INPUT. */
export function parseArtifactUri(uri: string, bucket: string, field = "source"): ArtifactLocation {
  const decoded = decodeFully(uri);
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
  const proxied = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(decoded);
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

/** Join a relative path onto an artifact root URI. */
export function joinArtifactUri(root: string, rel: string): string {
  const safe = assertSafeRelativePath(rel, "path");
  return `${root.replace(/\/+$/, "")}/${safe}`;
}
