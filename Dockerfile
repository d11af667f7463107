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
COPY --from=build --chown=satchel:satchel /out/public /public
COPY --from=build --chown=satchel:satchel /out/hooks /hooks
USER satchel:satchel
# Four paths, each named on the command line below and owned by the container user (uid 10001):
# /data holds data.db, auxiliary.db and storage/ (the volume). /migrations holds the migration files
# (`migrate`, automigrate writes new ones): mount the project's sb_migrations there to keep the schema
# in git. /hooks holds the app's hook files (--hooksDir). /public holds the files served at `/`
# (a single-page app, say). Mount a host dir over any of them; read-only suits /hooks and /public.
# Hook files are reloaded on change; the npm packages they import are found in /hooks/node_modules.
# /tmp must stay writable too (embedded native code is unpacked there once per version).
VOLUME ["/data"]
EXPOSE 8090
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["satchel", "healthcheck", "--url=http://127.0.0.1:8090"]
ENTRYPOINT ["satchel"]
CMD ["serve", "--http=0.0.0.0:8090", "--dir=/data", "--migrationsDir=/migrations", \
     "--hooksDir=/hooks", "--publicDir=/public"]
