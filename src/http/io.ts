// Plain node:http plumbing for the gateway's routes: request bodies with a size limit, JSON answers, byte sizes.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createGunzip, createInflate } from "node:zlib";
import type { Transform } from "node:stream";

/** Apollo's code for a request it cannot read (the gateway answers body problems with the same one). */
export const BAD_REQUEST = "BAD_REQUEST";

/** A request that cannot be read (too large, not JSON, unknown encoding): answered with `status`, never a stack. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** extensions.code in a GraphQL-style answer. */
    readonly code: string = BAD_REQUEST,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** "5mb", "32kb", "100b" → bytes (1 kb = 1024 b, as body-parser counted them). */
export function parseByteSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)$/i.exec(text.trim());
  if (!m) throw new Error(`not a byte size: ${text}`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[m[2].toLowerCase() as "b" | "kb" | "mb"];
  return Math.floor(Number(m[1]) * unit);
}

/** Whether the request says its body is JSON (application/json or application/<x>+json, any charset). */
export function isJsonRequest(req: IncomingMessage): boolean {
  const type = req.headers["content-type"];
  if (!type) return false;
  const media = type.split(";", 1)[0].trim().toLowerCase();
  return media === "application/json" || (media.startsWith("application/") && media.endsWith("+json"));
}

/**
 * The whole body as one Buffer, refused with 413 as soon as it (or its Content-Length, or its inflated size)
 * passes `limit` bytes. gzip and deflate bodies are inflated, like body-parser did; other encodings are 415.
 */
export function readBody(req: IncomingMessage, limit: number, limitText: string): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(413, `The request body is larger than BODY_LIMIT (${limitText}).`, BAD_REQUEST);
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  let source: IncomingMessage | Transform = req;
  if (encoding === "gzip" || encoding === "x-gzip") source = req.pipe(createGunzip());
  else if (encoding === "deflate") source = req.pipe(createInflate());
  else if (encoding !== "identity") {
    req.resume();
    return Promise.reject(
      new HttpError(
        415,
        `Content-Encoding ${encoding} is not supported (send identity, gzip or deflate).`,
        BAD_REQUEST,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (err: Error) => {
      if (done) return;
      done = true;
      // Drain what is left so the connection can carry the error answer.
      req.unpipe();
      req.resume();
      reject(err);
    };
    source.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) return fail(tooLarge());
      chunks.push(chunk);
    });
    source.on("end", () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    source.on("error", () =>
      fail(
        new HttpError(400, "The request body could not be read (truncated or badly encoded).", BAD_REQUEST),
      ),
    );
    req.on("aborted", () => fail(new HttpError(400, "The request was aborted.", BAD_REQUEST)));
  });
}

/** A JSON body: objects and arrays only (body-parser's strict mode); anything else is a 400. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  const text = body.toString("utf8");
  const first = /^[\s\uFEFF]*(.)/.exec(text)?.[1];
  if (first !== "{" && first !== "[")
    throw new HttpError(400, "The request body must be a JSON object.", BAD_REQUEST);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, `The request body is not valid JSON: ${(err as Error).message}`, BAD_REQUEST);
  }
}

/** Answer with a JSON body and an explicit Content-Length (no chunked encoding for small answers). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** The GraphQL-style error answer the gateway gives outside GraphQL execution (404, 413, 429, ...). */
export function sendGraphqlError(
  res: ServerResponse,
  status: number,
  message: string,
  code: string,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, ...extra } }] }, headers);
}
