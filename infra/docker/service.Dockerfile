# syntax=docker/dockerfile:1
# One Dockerfile for every Parley service: SERVICE picks which one (session, messaging, media, conversation),
# so each service gets its own image. Run from the repository root (the build context is the whole repo):
#
#   docker build -f infra/docker/service.Dockerfile --build-arg SERVICE=session -t parley/session:TAG .
#   docker build -f infra/docker/service.Dockerfile --build-arg SERVICE=session --target migrate \
#     -t parley/session-migrate:TAG .
#
# and the same with SERVICE=messaging, media, conversation. Both images of one service share the build stage,
# so the second command only adds a layer. The Kubernetes manifests (infra/k8s) expect the names
# parley/<service> and parley/<service>-migrate; docs/operations.md ("Kubernetes") has the whole story.
#
# Stages:
#   build    every npm package from the committed lock, `nx run $SERVICE:build`, then
#            infra/build/production-folder.mjs: bundle + generated Prisma client + migrations +
#            `npm install --omit=dev` of the generated package.json, in /out (CI runs the same script).
#   migrate  the build stage as it is (it has the prisma CLI, prisma.config.ts and the migration adapter, all
#            dev dependencies): runs `prisma migrate deploy` in apps/$SERVICE against <SERVICE>_DATABASE_URL.
#   runtime  the default (last) stage: node 20 slim with /out only, tini as PID 1, user 10001, read-only friendly.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# tini for the migrate target; openssl so Prisma's CLI can detect the platform without warnings.
# Debian package versions are not pinned (hadolint DL3008): bookworm's security updates replace them.
# hadolint ignore=DL3008
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates openssl tini \
  && rm -rf /var/lib/apt/lists/*
# No Nx Cloud, no daemon, no interactive UI; no Prisma update checks.
ENV CI=true NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
WORKDIR /repo
# Dependencies first, so the layer is shared by all four services and reused until the lock changes.
# `npm install` rather than `npm ci`, as everywhere in this repo (infra/local/ensure-deps.mjs explains why);
# the lock pins every version either way.
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
ARG SERVICE
RUN case "$SERVICE" in session|messaging|media|conversation) ;; \
      *) echo "--build-arg SERVICE=<session|messaging|media|conversation> is required (got '$SERVICE')" >&2; exit 1 ;; \
    esac \
  && npx nx run "$SERVICE:build" \
  && node infra/build/production-folder.mjs "$SERVICE" /out

FROM build AS migrate
ARG SERVICE
# prisma.config.ts of the service is found in the working directory; it reads <SERVICE>_DATABASE_URL.
WORKDIR /repo/apps/${SERVICE}
ENV HOME=/tmp
USER 10001:10001
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/repo/node_modules/.bin/prisma", "migrate", "deploy"]

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
# hadolint ignore=DL3008
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 parley \
  && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
       --shell /usr/sbin/nologin parley
# PARLEY_SERVICE_NAME labels logs and metrics (infra/local sets it the same way).
ENV NODE_ENV=production PARLEY_SERVICE_NAME=${SERVICE}
# The working directory must be the production folder: the bundled Prisma client loads its WASM query
# compiler from ./generated/prisma relative to the current directory (infra/build/service-webpack.js).
WORKDIR /app
# Owned by root and not writable by the service user: the container runs with a read-only root filesystem.
COPY --from=build /out/ /app/
USER 10001:10001
# gRPC: session 15051, messaging 15052, media 15053, conversation 15054 (PARLEY_<SERVICE>_PORT; one per image);
# Prometheus metrics: 9464 (PARLEY_<SERVICE>_METRICS_PORT). Set PARLEY_<SERVICE>_HOST=0.0.0.0 to listen beyond loopback.
EXPOSE 15051 15052 15053 15054 9464
# tini as PID 1 forwards SIGTERM to node (which then drains within 25 s) and reaps zombies.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--enable-source-maps", "main.js"]
