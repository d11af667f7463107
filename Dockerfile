# syntax=docker/dockerfile:1
# Satchel in a container: build the single binary with Bun (installed from npm, the version package.json
# pins), then run only that binary on a small glibc base as a non-root user with /data as a volume.
#   docker build --build-arg SATCHEL_COMMIT=$(git rev-parse --short=12 HEAD) -t satchel .
#   docker run -p 8090:8090 -v satchel_data:/data satchel

# ---- build ------------------------------------------------------------------------------------
FROM node:22-bookworm-slim AS build
WORKDIR /src
# Dependencies first, so source edits reuse this layer. npm installs Bun itself (a devDependency) and
# sharp's prebuilt native files for the build machine's platform (linux-x64 or linux-arm64).
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# .git is not in the build context: the commit shown by `satchel version` comes from this argument.
ARG SATCHEL_COMMIT=unknown
ENV SATCHEL_COMMIT=${SATCHEL_COMMIT}
RUN ./node_modules/.bin/bun scripts/build.ts --outfile=/out/satchel \
 && /out/satchel version \
 && mkdir -p /out/data /out/migrations /out/public /out/hooks

# ---- run --------------------------------------------------------------------------------------
# Bun binaries need glibc; embedded native modules (sharp) also need libstdc++, which bookworm-slim has.
FROM debian:bookworm-slim
RUN groupadd --system --gid 10001 satchel \
 && useradd --system --uid 10001 --gid satchel --home-dir /data --shell /usr/sbin/nologin satchel
COPY --from=build /out/satchel /usr/local/bin/satchel
COPY --from=build --chown=satchel:satchel /out/data /data
COPY --from=build --chown=satchel:satchel /out/migrations /migrations
COPY --from=build /out/public /public
COPY --from=build --chown=satchel:satchel /out/hooks /hooks
USER satchel:satchel
# /data holds data.db, auxiliary.db and storage/; /tmp must stay writable (embedded native code is
# unpacked there once per version). /migrations holds the migration files (`migrate`, automigrate):
# mount the project's sb_migrations there to keep the schema in git. /public holds the files served
# at `/` (a single-page app, say): mount them there, read-only is enough. /hooks holds the hooks
# files (native .ts/.js and pb_hooks *.pb.js), reloaded on change; the npm packages they import are
# found in /hooks/node_modules (resolution walks up from the file, as Node's does).
VOLUME ["/data"]
EXPOSE 8090
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["satchel", "healthcheck", "--url=http://127.0.0.1:8090"]
ENTRYPOINT ["satchel"]
CMD ["serve", "--http=0.0.0.0:8090", "--dir=/data", "--migrationsDir=/migrations", "--publicDir=/public", "--hooksDir=/hooks"]
