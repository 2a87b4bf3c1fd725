# Veritas Lens batch CLI: Debian, system Chromium, the built app and the CLI. Network is used to build the image
# (npm ci, apt-get), never at run time: the CLI serves the app to Chromium on 127.0.0.1 and reads only local files.
# Usage and the Kubernetes Indexed Job: docs/SCALE.md. Written and reviewed, not built here (no container engine
# on the development machine); build with `docker build -t veritas-lens-cli .`.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# .npmrc sets ignore-scripts: no package may download anything at install time (PITFALLS.md).
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV CHROME_PATH=/usr/bin/chromium
WORKDIR /app
# The CLI runs from source through tsx and imports a few modules of src/ (response builders, page types);
# node_modules is copied whole because tsx and playwright-core, which the CLI needs, are devDependencies.
COPY --from=build /app/package.json /app/tsconfig.base.json /app/tsconfig.json /app/tsconfig.node.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/cli ./cli
COPY --from=build /app/src ./src
COPY --from=build /app/workers ./workers
USER node
# Chromium's shared memory: the CLI passes --disable-dev-shm-usage, so the container's small /dev/shm is not a limit.
# Called directly, not through `npm run`: npm hands its whole command line to `sh -c` as one argument (128 KiB cap).
ENTRYPOINT ["node_modules/.bin/tsx", "cli/detect.ts"]
CMD ["--help"]
