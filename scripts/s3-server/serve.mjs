// The local stack's S3 server: s3rver, which keeps buckets and objects as files, so they survive restarts.
// Usage: node serve.mjs --address HOST --port PORT --directory DIR --access-key KEY --secret-key SECRET --bucket NAME
/* global Buffer, console, process */
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import S3rver from "s3rver";
import account from "s3rver/lib/models/account.js";

// s3rver encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node 17+) no longer offers:
// every truncated listing failed with a 500. Two-key triple DES with both keys equal is the same cipher (E·D·E
// with one key is E), and it is still in OpenSSL's default provider.
for (const name of ["createCipheriv", "createDecipheriv"]) {
  const original = crypto[name];
  crypto[name] = (algorithm, key, iv, options) =>
    algorithm === "des"
      ? original("des-ede-cbc", Buffer.concat([key, key]), iv, options)
      : original(algorithm, key, iv, options);
}

const { values } = parseArgs({
  options: {
    address: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "9000" },
    directory: { type: "string" },
    "access-key": { type: "string", default: "minioadmin" },
    "secret-key": { type: "string", default: "minioadmin" },
    bucket: { type: "string", multiple: true, default: [] },
  },
});
if (!values.directory) throw new Error("--directory is required");
// s3rver checks signatures against its one account: give it the stack's credentials.
account.DUMMY_ACCOUNT.createKeyPair(values["access-key"], values["secret-key"]);
const server = new S3rver({
  address: values.address,
  port: Number(values.port),
  directory: values.directory,
  silent: true,
  // Path-style URLs only (http://host:port/bucket/key), as the gateway, boto3 and MLflow use them here.
  vhostBuckets: false,
  configureBuckets: values.bucket.map((name) => ({ name })),
});
server.run().then(
  ({ address, port }) => console.log(`s3rver listening on ${address}:${port}, data in ${values.directory}`),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close().finally(() => process.exit(0)));
}
