# One image for every service; APP chooses which one runs (gateway, scheduling,
# eligibility, notification, audit, standalone). Current LTS Node, as toolchain.md advises.
FROM node:24-slim
WORKDIR /srv/soudan
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY tools/register.mjs tools/register.mjs
COPY apps apps
COPY libs libs
USER node
ENV APP=standalone HOST=0.0.0.0
CMD ["sh", "-c", "exec node --import ./tools/register.mjs apps/${APP}/src/main.ts"]
