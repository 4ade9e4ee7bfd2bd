# The relay in production: compiled JavaScript on Node 20, run as the unprivileged `node` user, with the data
# directory (SQLite outbox, first-run secrets) on a volume and a read-only root filesystem allowed.
# Build: docker build -t cardbridge-relay .   Run: see docs/operations.md ("Container").
# The steps below are the ones test/gates/production-build.test.ts runs without a container engine.

# 1. Compile: the lockfile's dev dependencies (TypeScript) are needed here only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/build.mjs
COPY webhook-relay/src webhook-relay/src
RUN node scripts/build.mjs

# 2. Production dependencies only; better-sqlite3 builds its native module here, where compilers may live.
FROM node:20-bookworm-slim AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The image: no compilers, no TypeScript, no npm run at start.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8787 \
    RELAY_HOST=0.0.0.0 \
    RELAY_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/cli/main.js", "serve"]
