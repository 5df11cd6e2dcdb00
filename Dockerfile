# syntax=docker/dockerfile:1
# The gateway image: compile the TypeScript with tsc in one stage, run the JavaScript as a non-root user in another.
# Build: docker build -t mlops-graphql-gateway .   (docker-compose.yaml builds it as the `gateway` service)
ARG NODE_IMAGE=node:20-slim

# ---- build: all dependencies (tsc, types), compile src/ to dist/src/
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# onnxruntime-node carries its CPU binaries; its install script only downloads CUDA files. npm 11 skips it through
# package.json's allowScripts, but the npm of node:20 images (10.x) runs it: tell the script itself to skip.
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json

# ---- deps: production dependencies only, so the runtime image carries no compiler or test tools
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
# Production defaults: introspection and Sandbox off, API keys required (or AUTH_DISABLED=true).
# Listen on every interface: inside a container 127.0.0.1 is unreachable from the host.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
# The built-in datasets (ingestDataset builtin: PENGUINS | IRIS), beside dist/ as in the repository.
COPY data ./data
# GraphiQL (LANDING_PAGE=graphiql) opens with the README's example operations.
COPY README.md ./
COPY package.json ./
# The node image's unprivileged user (uid 1000); the app files stay root-owned and read-only to it.
USER node
EXPOSE 4000
# /healthz says the process is alive; /readyz (every upstream reachable) is for orchestrators that want it.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# node as PID 1 receives SIGTERM directly; src/index.ts drains in-flight requests before exiting.
CMD ["node", "--max-semi-space-size=64", "dist/src/index.js"]
