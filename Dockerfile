# syntax=docker/dockerfile:1
# One image for the three Touchline programs; the command picks which:
#   docker run touchline api | projector | cli <args>
# No key, password or other secret is baked in: everything comes from the environment at run time.

# --- build: the same script as the quickstart (scripts/build.sh: npm ci, then compile to dist/)
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.npm bash scripts/build.sh

# --- runtime: production dependencies, the compiled code, the migrations and the demo data (the
# quickstart's: a tie and a group)
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /src/dist ./dist
COPY libs/read-models/migrations ./libs/read-models/migrations
COPY tests/fixtures/seed-tie.json tests/fixtures/seed-group.json ./demo/
COPY --chmod=755 docker/entrypoint.sh /usr/local/bin/touchline
# The files stay root's and read-only; the programs run as the image's unprivileged user.
USER node
EXPOSE 3000
# The API's check: ready means a real round trip to Kafka and PostgreSQL (GET /health/ready), with
# node's fetch (no curl in the image). Compose gives the projector its own check, the CLI none.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/local/bin/touchline"]
CMD ["api"]
