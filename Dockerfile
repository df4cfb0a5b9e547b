# syntax=docker/dockerfile:1
# One image for every process; APP chooses which one runs: standalone (the default,
# everything in one process on the embedded store), gateway, scheduling, eligibility,
# notification or audit. It runs the JavaScript that `npm run build` made: nothing is
# compiled at start-up. Node 24 is the current LTS; CI runs the suite on 20 and 24.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# 1. Build: every dependency (SWC included), then `npm run build` into dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.base.json tsconfig.json ./
COPY tools tools
COPY libs libs
COPY apps apps
RUN npm run build

# 2. Production dependencies only: the build refuses output that imports anything else.
FROM ${NODE_IMAGE} AS deps
WORKDIR /srv/soudan
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force

# 3. Runtime: the built output and production node_modules, as the unprivileged `node`
#    user (uid 1000 in the official image), with its data folder owned by that user.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    APP=standalone \
    HOST=0.0.0.0 \
    PORT=3000 \
    OPS_PORT=9464 \
    DATA_DIR=/var/lib/soudan
WORKDIR /srv/soudan
RUN mkdir -p /var/lib/soudan && chown 1000:1000 /var/lib/soudan && chmod 0750 /var/lib/soudan
COPY --from=deps /srv/soudan/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
USER 1000:1000
VOLUME ["/var/lib/soudan"]
# 3000: the API (gateway, standalone); 9464: the operator port (/health/live, /health/ready);
# 2525: replies to offer e-mails (notification, standalone) when INBOUND_SMTP_PORT says so.
EXPOSE 3000 9464 2525
STOPSIGNAL SIGTERM
CMD ["sh", "-c", "case \"$APP\" in standalone|gateway|scheduling|eligibility|notification|audit) exec node --enable-source-maps \"dist/apps/$APP/src/main.js\" ;; *) echo \"APP must be one of standalone, gateway, scheduling, eligibility, notification, audit (got '$APP')\" >&2; exit 64 ;; esac"]
