// The only code that reads and writes artifacts: s3:// through the S3 API, mlflow-artifacts:/ through MLflow's proxy.
import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { Config } from "../../config";
import { describeCause, isGatewayError, limitExceeded, notFound, upstreamUnavailable } from "../../errors";
import { observeUpstream } from "../../metrics";
import type { MlflowClient } from "../mlflow/client";
import { readCapped } from "../read-capped";
import { joinArtifactUri, parseArtifactUri } from "./uri";

/** The default read cap of one artifact: the MODEL_MAX_BYTES default. */
export const DEFAULT_MAX_ARTIFACT_BYTES = 64 * 1024 * 1024;

const artifactTooLarge = (uri: string, size: number, max: number) =>
  limitExceeded(
    `artifact ${uri} is ${size > max ? `${size} bytes` : "larger than the limit"}; the gateway reads at most ${max} bytes of a model file (MODEL_MAX_BYTES)`,
    "MODEL_MAX_BYTES",
    max,
  );

export class ArtifactStore {
  readonly s3: S3Client;

  constructor(
    private readonly config: Config["s3"],
    private readonly mlflow: MlflowClient,
  ) {
    this.s3 = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials:
        config.accessKeyId && config.secretAccessKey
          ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
          : undefined,
      maxAttempts: 3,
      requestHandler: new NodeHttpHandler({ connectionTimeout: 3000, requestTimeout: config.timeoutMs }),
    });
  }

  get bucket(): string {
    return this.config.bucket;
  }

  /** Write one file under an artifact root URI (the run's artifact_uri). */
  async put(
    rootUri: string,
    relPath: string,
    body: Buffer | string,
    contentType = "application/octet-stream",
  ): Promise<string> {
    const uri = joinArtifactUri(rootUri, relPath);
    const loc = parseArtifactUri(uri, this.config.bucket, "artifactUri");
    if (loc.kind === "s3") {
      await this.s3call(() =>
        this.s3.send(
          new PutObjectCommand({ Bucket: loc.bucket, Key: loc.key, Body: body, ContentType: contentType }),
        ),
      );
    } else {
      await this.mlflow.uploadProxiedArtifact(loc.path, body, contentType);
    }
    return uri;
  }

  /**
   * Read one file by full artifact URI, at most `maxBytes` of it (MODEL_MAX_BYTES): the size is checked with
   * HeadObject before reading, and the read itself stops at the cap, so no object is ever held in memory
   * past it. Missing file: NOT_FOUND; too large: LIMIT_EXCEEDED.
   */
  async get(uri: string, maxBytes = DEFAULT_MAX_ARTIFACT_BYTES): Promise<Buffer> {
    const loc = parseArtifactUri(uri, this.config.bucket, "artifactUri");
    if (loc.kind === "s3") {
      const head = await this.s3call(
        () => this.s3.send(new HeadObjectCommand({ Bucket: loc.bucket, Key: loc.key })),
        uri,
      );
      if ((head.ContentLength ?? 0) > maxBytes)
        throw artifactTooLarge(uri, head.ContentLength ?? 0, maxBytes);
      const out = await this.s3call(
        () => this.s3.send(new GetObjectCommand({ Bucket: loc.bucket, Key: loc.key })),
        uri,
      );
      return readCapped(out.Body as AsyncIterable<Uint8Array>, maxBytes, (n) =>
        artifactTooLarge(uri, n, maxBytes),
      );
    }
    return this.mlflow.downloadProxiedArtifact(loc.path, maxBytes);
  }

  /** A file's size in bytes, read before the file itself (so oversized files are refused unread). Missing: NOT_FOUND. */
  async size(uri: string): Promise<number> {
    const loc = parseArtifactUri(uri, this.config.bucket, "artifactUri");
    if (loc.kind === "s3") {
      const out = await this.s3call(
        () => this.s3.send(new HeadObjectCommand({ Bucket: loc.bucket, Key: loc.key })),
        uri,
      );
      return out.ContentLength ?? 0;
    }
    const slash = loc.path.lastIndexOf("/");
    const dir = slash < 0 ? "" : loc.path.slice(0, slash);
    const name = loc.path.slice(slash + 1);
    const file = (await this.mlflow.listProxiedArtifacts(dir)).find(
      (f) => f.path === name || f.path.endsWith(`/${name}`),
    );
    if (!file || file.is_dir) throw notFound(`artifact ${uri} does not exist`, { upstream: "mlflow" });
    return Number(file.file_size ?? 0);
  }

  /** Keys under an s3:// prefix (predict uses it to tell a folder without MLmodel from files that are gone). */
  async listS3(prefixUri: string): Promise<string[]> {
    const loc = parseArtifactUri(prefixUri, this.config.bucket, "artifactUri");
    if (loc.kind !== "s3") return [];
    const out = await this.s3call(() =>
      this.s3.send(new ListObjectsV2Command({ Bucket: loc.bucket, Prefix: loc.key })),
    );
    return (out.Contents ?? []).map((o) => `s3://${loc.bucket}/${o.Key}`);
  }

  async ping(): Promise<void> {
    await this.s3call(() => this.s3.send(new HeadBucketCommand({ Bucket: this.config.bucket })));
  }

  private async s3call<T>(fn: () => Promise<T>, uri?: string): Promise<T> {
    try {
      return await observeUpstream("s3", fn);
    } catch (err) {
      if (isGatewayError(err)) throw err;
      const name = (err as { name?: string }).name;
      if (name === "NoSuchKey" || name === "NotFound")
        throw notFound(`artifact ${uri ?? ""} does not exist in S3`, { upstream: "s3" });
      if (name === "NoSuchBucket")
        throw upstreamUnavailable(
          "s3",
          `bucket "${this.config.bucket}" does not exist: create it or set S3_BUCKET`,
        );
      throw upstreamUnavailable("s3", `S3 is unreachable or failed (${describeCause(err)})`);
    }
  }
}
