// Read-back of S3 for tests: which keys exist under an artifact URI (the gateway itself never lists S3).
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { ArtifactStore } from "../../src/services/artifacts/store";
import { parseArtifactUri } from "../../src/services/artifacts/uri";

/** Keys under an s3:// prefix, as s3:// URIs; [] for a URI that is not in the gateway's bucket. */
export async function listS3(artifacts: ArtifactStore, prefixUri: string): Promise<string[]> {
  const loc = parseArtifactUri(prefixUri, artifacts.bucket, "artifactUri");
  if (loc.kind !== "s3") return [];
  const out = await artifacts.s3.send(new ListObjectsV2Command({ Bucket: loc.bucket, Prefix: loc.key }));
  return (out.Contents ?? []).map((o) => `s3://${loc.bucket}/${o.Key}`);
}
