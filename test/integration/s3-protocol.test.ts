// The S3 calls the gateway and MLflow's clients rely on, against the stack's real S3 server (s3rver on disk locally,
// MinIO in docker-compose): multipart uploads, paged listing by prefix, head, ranged reads and deletes.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, test } from "node:test";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { loadConfig } from "../../src/config";
import { testEnv, uniqueName } from "../helpers/gateway";

const { s3: config } = loadConfig(testEnv());
const client = new S3Client({
  endpoint: config.endpoint,
  region: config.region,
  forcePathStyle: config.forcePathStyle,
  ...(config.accessKeyId && config.secretAccessKey
    ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
    : {}),
});
const Bucket = config.bucket;
const prefix = `${uniqueName("s3proto")}/`;
const written: string[] = [];

after(async () => {
  for (const Key of written) await client.send(new DeleteObjectCommand({ Bucket, Key })).catch(() => {});
  client.destroy();
});

test("a multipart upload of two parts reads back whole, by head, by listing and by byte range", async () => {
  const Key = `${prefix}model.onnx`;
  // S3 wants every part but the last to be at least 5 MiB.
  const first = randomBytes(5 * 1024 * 1024);
  const second = randomBytes(300 * 1024);
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
  assert.ok(UploadId);
  written.push(Key);
  const parts = [];
  for (const [i, Body] of [first, second].entries()) {
    const { ETag } = await client.send(
      new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body }),
    );
    parts.push({ ETag, PartNumber: i + 1 });
  }
  await client.send(
    new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }),
  );
  const whole = Buffer.concat([first, second]);

  const head = await client.send(new HeadObjectCommand({ Bucket, Key }));
  assert.equal(head.ContentLength, whole.length);

  const range = await client.send(
    new GetObjectCommand({ Bucket, Key, Range: `bytes=${first.length - 10}-${first.length + 9}` }),
  );
  const bytes = Buffer.from(await range.Body!.transformToByteArray());
  assert.deepEqual(bytes, whole.subarray(first.length - 10, first.length + 10), "the range spans both parts");

  const full = await client.send(new GetObjectCommand({ Bucket, Key }));
  assert.ok(Buffer.from(await full.Body!.transformToByteArray()).equals(whole));
});

test("listing by prefix pages through every key with continuation tokens", async () => {
  const keys = Array.from({ length: 7 }, (_, i) => `${prefix}list/file-${i}.txt`);
  for (const Key of keys) {
    await client.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    written.push(Key);
  }
  const seen: string[] = [];
  let pages = 0;
  let ContinuationToken: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket, Prefix: `${prefix}list/`, MaxKeys: 3, ContinuationToken }),
    );
    pages++;
    seen.push(...(page.Contents ?? []).map((o) => o.Key!));
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  assert.equal(pages, 3, "7 keys, 3 per page");
  assert.deepEqual(seen.sort(), [...keys].sort());
});
