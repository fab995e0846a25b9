# syntax=docker/dockerfile:1
# Build: a static binary, no cgo (fonts, templates and the legal catalogue are embedded). The
# go build line is also run by cmd/saisine's TestContainerBinary, which reads it from this file: keep
# it on one line.
FROM golang:1.26-bookworm AS build
WORKDIR /src
# The module graph includes the patched gofpdf (a replace to ./third_party/gofpdf): its go.mod must be
# there for the download layer.
COPY go.mod go.sum ./
COPY third_party/gofpdf/go.mod third_party/gofpdf/go.sum third_party/gofpdf/
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/saisine ./cmd/saisine
# The data folder, owned by distroless's nonroot user (65532), so that a fresh volume mounted there
# inherits an owner the server can write as.
RUN mkdir -p /out/data

# Run: distroless static, as the nonroot user; nothing else in the image, no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/saisine /saisine
COPY --from=build --chown=65532:65532 /out/data /data
# Everything the server writes (state.key, saisine.db and its journal) goes to /data: the root file
# system can be read-only, and nothing goes to $HOME or its cache folder.
ENV SAISINE_DATA_DIR=/data \
    SAISINE_ADDR=0.0.0.0:8080
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
# healthcheck reads SAISINE_ADDR and asks the loopback; it exits 0 or 1, with its own 5 s timeout.
HEALTHCHECK --interval=30s --timeout=10s --start-period=10s --retries=3 CMD ["/saisine", "healthcheck"]
# Docker's default stop timeout is 10 s; the server gives requests in flight 8 s after SIGTERM.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/saisine"]
CMD ["serve"]
