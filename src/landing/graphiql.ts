// GraphiQL at GET /graphql from the gateway's own files (npm packages, no CDN), with subscriptions over graphql-ws.
import { existsSync, readFileSync } from "node:fs";
import type http from "node:http";
import path from "node:path";
import type { ApolloServerPlugin } from "@apollo/server";
import { readExampleOperations } from "./example-operations";

/** Where the page's scripts and styles are served; GET only, a fixed list, nothing else under it. */
export const ASSET_PREFIX = "/graphiql/";

interface Asset {
  /** Package name, then the file's path inside the package. */
  file: string;
  type: string;
}

/** Each asset's package file, resolved through Node's module resolution (so it follows package-lock.json). */
const ASSETS: Record<string, Asset> = {
  "react.production.min.js": { file: "react/umd/react.production.min.js", type: "text/javascript" },
  "react-dom.production.min.js": {
    file: "react-dom/umd/react-dom.production.min.js",
    type: "text/javascript",
  },
  "graphiql.min.js": { file: "graphiql/graphiql.min.js", type: "text/javascript" },
  "graphiql.min.css": { file: "graphiql/graphiql.min.css", type: "text/css" },
  "graphql-ws.min.js": { file: "graphql-ws/umd/graphql-ws.min.js", type: "text/javascript" },
};

/**
 * The page's own script (a file, not inline, so a strict Content-Security-Policy can allow 'self' only).
 * HTTP goes through GraphiQL's fetcher; subscriptions through graphql-ws on the same /graphql, with the
 * Authorization header of GraphiQL's headers editor sent as connectionParams.
 */
const SETUP_JS = `(function () {
  var cfg = JSON.parse(document.getElementById("gateway-config").textContent);
  var url = location.origin + cfg.path;
  var wsUrl = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + cfg.path;
  var headers = {};
  var wsClient = graphqlWs.createClient({
    url: wsUrl,
    connectionParams: function () {
      for (var k in headers) if (k.toLowerCase() === "authorization") return { Authorization: headers[k] };
      return {};
    },
  });
  var inner = GraphiQL.createFetcher({ url: url, wsClient: wsClient });
  var fetcher = function (params, opts) {
    headers = (opts && opts.headers) || {};
    return inner(params, opts);
  };
  var props = {
    fetcher: fetcher,
    defaultTabs: cfg.tabs,
    defaultEditorToolsVisibility: cfg.headers ? "headers" : undefined,
    defaultHeaders: cfg.headers || undefined,
    shouldPersistHeaders: true,
  };
  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GraphiQL, props));
})();
`;

/** The page's own style (a file too: no inline style for a CSP to allow). */
const PAGE_CSS = "body { margin: 0; } #graphiql { height: 100dvh; }\n";

const OWN: Record<string, { body: string; type: string }> = {
  "setup.js": { body: SETUP_JS, type: "text/javascript" },
  "page.css": { body: PAGE_CSS, type: "text/css" },
};

const escapeJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

export function graphiqlHtml(opts: { path: string; authRequired: boolean }): string {
  const config = {
    path: opts.path,
    tabs: readExampleOperations(),
    headers: opts.authRequired ? '{\n  "Authorization": "Bearer <your API key>"\n}' : null,
  };
  const a = (name: string) => `${ASSET_PREFIX}${name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>GraphiQL · MLOps GraphQL gateway</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${a("graphiql.min.css")}">
<link rel="stylesheet" href="${a("page.css")}">
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script id="gateway-config" type="application/json">${escapeJson(config)}</script>
<script src="${a("react.production.min.js")}"></script>
<script src="${a("react-dom.production.min.js")}"></script>
<script src="${a("graphql-ws.min.js")}"></script>
<script src="${a("graphiql.min.js")}"></script>
<script src="${a("setup.js")}"></script>
</body>
</html>
`;
}

/** Apollo plugin: GraphiQL as the landing page (Apollo serves it on GET /graphql when the browser asks for HTML). */
export function graphiqlLandingPagePlugin(opts: { path: string; authRequired: boolean }): ApolloServerPlugin {
  const html = graphiqlHtml(opts);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}

const cache = new Map<string, Buffer>();

/**
 * A package's folder. Packages' "exports" hide files such as graphiql.min.js from require.resolve, so resolve
 * the package (its package.json, or its main file) and read the file from its folder.
 */
function packageDir(name: string): string {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    let dir = path.dirname(require.resolve(name));
    while (!existsSync(path.join(dir, "package.json")) || path.basename(dir) !== name.split("/").pop()) {
      const up = path.dirname(dir);
      if (up === dir) throw new Error(`cannot find the folder of package ${name}`);
      dir = up;
    }
    return dir;
  }
}

function packageFile(spec: string): string {
  const parts = spec.split("/");
  const n = spec.startsWith("@") ? 2 : 1;
  return path.join(packageDir(parts.slice(0, n).join("/")), ...parts.slice(n));
}

function assetBody(name: string): Buffer | undefined {
  if (Object.hasOwn(OWN, name)) return Buffer.from(OWN[name].body);
  if (!Object.hasOwn(ASSETS, name)) return undefined;
  const asset = ASSETS[name];
  if (!asset) return undefined;
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(packageFile(asset.file));
    cache.set(name, body);
  }
  return body;
}

/**
 * Answer GET/HEAD /graphiql/<asset> on a plain node:http request; returns false for any other request, so it
 * fits in front of any HTTP layer. Assets are immutable for a given install: cached by the browser for a day.
 */
export function serveGraphiqlAsset(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const pathname = (req.url ?? "").split("?")[0];
  if (!pathname.startsWith(ASSET_PREFIX) || (req.method !== "GET" && req.method !== "HEAD")) return false;
  const name = pathname.slice(ASSET_PREFIX.length);
  const body = assetBody(name);
  if (!body) return false;
  res.statusCode = 200;
  res.setHeader(
    "content-type",
    `${(Object.hasOwn(OWN, name) ? OWN[name] : ASSETS[name]).type}; charset=utf-8`,
  );
  res.setHeader("content-length", String(body.length));
  res.setHeader("cache-control", "public, max-age=86400");
  res.setHeader("x-content-type-options", "nosniff");
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
