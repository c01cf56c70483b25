# The Hearth container image: the static `hearth` binary on a distroless
# base (no shell, no package manager), run as a non-root user in /site.
#
#   docker run --rm -v "$PWD:/site" IMAGE build
#
# By default it compiles Hearth from this folder (musl, the `dist` profile).
# The release workflow passes `--build-arg BIN=prebuilt` to copy the binaries
# it already built instead, from .docker-bin/<amd64|arm64>/hearth, so one
# multi-platform image needs no emulated compile.
ARG BIN=source

FROM rust:1-alpine AS bin-source
# ring (under rustls) compiles C and assembly; musl-dev gives the headers.
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --locked --profile dist && install -D target/dist/hearth /out/hearth

FROM scratch AS bin-prebuilt
ARG TARGETARCH
COPY .docker-bin/${TARGETARCH}/hearth /out/hearth

# hadolint ignore=DL3006
FROM bin-${BIN} AS bin

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=bin /out/hearth /usr/local/bin/hearth
WORKDIR /site
# distroless's "nonroot" user
USER 65532:65532
# `hearth serve` in a container must listen beyond its own loopback:
#   docker run --rm -p 1111:1111 -v "$PWD:/site" IMAGE serve --bind 0.0.0.0
EXPOSE 1111
ENTRYPOINT ["/usr/local/bin/hearth"]
CMD ["build"]
