# One image for every component: `ironlb controller | speaker | dashboard`.
#
#   podman build -t <registry>/ironlb:<tag> .     (or docker build)
#
# Multi-stage: the build stage installs every dependency, builds the native AF_PACKET addon, the
# Next app (standalone output) and the bundled CLI and worker; the runtime stage holds only what
# runs: Next's traced production dependencies, the bundles, the addon. Runs as nobody (65534) by
# default; the speaker DaemonSet runs it as uid 0 with only CAP_NET_RAW (deploy/base/speaker.yaml).
#
# The base images are build arguments: the defaults are the public Node images; an offline
# builder passes its own (see scripts/build-image.sh). A builder behind a TLS-intercepting proxy
# passes its CA bundle as NODE_EXTRA_CA_CERTS (a file it mounts into the build).
ARG BUILD_IMAGE=docker.io/library/node:20-bookworm
ARG RUN_IMAGE=docker.io/library/node:20-bookworm-slim

FROM ${BUILD_IMAGE} AS build
ARG NODE_EXTRA_CA_CERTS
# node-gyp builds against these headers instead of downloading them (offline builders set /usr).
ARG npm_config_nodedir
ENV NEXT_TELEMETRY_DISABLED=1 npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/build-native.mjs scripts/
COPY native native
RUN npm ci
# argon2's prebuilt binary crashes on some Node builds (seen here: Node 20.20.2): compile it.
RUN cd node_modules/argon2 && npm_config_build_from_source=true npx node-gyp-build && test -f build/Release/argon2.node
COPY . .
RUN IRONLB_STANDALONE=1 npx next build \
 && node scripts/build-worker.mjs --all \
 && node scripts/build-cli.mjs \
 && test -f native/build/Release/ironlb_packet.node

FROM ${RUN_IMAGE}
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 IRONLB_DATA_DIR=/data
WORKDIR /app
COPY --from=build /src/.next/standalone ./
COPY --from=build /src/.next/static ./.next/static
COPY --from=build /src/public ./public
COPY --from=build /src/dist/worker.mjs ./dist/worker.mjs
COPY --from=build /src/dist/cli ./dist/cli
COPY --from=build /src/native/build/Release/ironlb_packet.node ./native/build/Release/ironlb_packet.node
COPY --from=build /src/node_modules/argon2/build/Release/argon2.node ./node_modules/argon2/build/Release/argon2.node
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/scripts/image-entrypoint.sh ./entrypoint.sh
COPY --from=build /src/scripts/serve.mjs ./serve.mjs
RUN mkdir -p /data && chown 65534:65534 /data
USER 65534:65534
EXPOSE 3000 7472
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["--help"]
