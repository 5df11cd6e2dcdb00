// /graphql on raw node:http: Apollo's executeHTTPGraphQLRequest without a web framework in between.
// Express cost about two thirds of a small request here (../docs/performance.md): routing, res.send's ETag and
// body-parser's content-type machinery, none of which the gateway needs.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from "@apollo/server";

/** Apollo's view of the request: method, headers, query string and the already parsed JSON body. */
export function toGraphqlRequest(req: IncomingMessage, search: string, body: unknown): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i].toLowerCase();
    const prev = headers.get(key);
    headers.set(key, prev === undefined ? raw[i + 1] : `${prev}, ${raw[i + 1]}`);
  }
  return { method: req.method?.toUpperCase() ?? "GET", headers, search, body };
}

/** Run one HTTP GraphQL request through Apollo and write its answer (single or incremental). */
export async function serveGraphql<TContext extends object>(
  apollo: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  search: string,
  body: unknown,
  context: () => Promise<TContext>,
  headers: Record<string, string>,
): Promise<void> {
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: toGraphqlRequest(req, search, body),
    context,
  });
  for (const [key, value] of response.headers) headers[key] = value;
  if (response.body.kind === "complete") {
    const text = response.body.string;
    headers["content-length"] = String(Buffer.byteLength(text));
    res.writeHead(response.status ?? 200, headers);
    res.end(text);
    return;
  }
  res.writeHead(response.status ?? 200, headers);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
