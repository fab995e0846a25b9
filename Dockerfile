# syntax=docker/dockerfile:1
# Build: a static binary, no cgo (the fonts and catalogue are embedded).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/saisine ./cmd/saisine

# Run: distroless static, as the nonroot user; nothing else in the image.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/saisine /usr/local/bin/saisine
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/saisine"]
CMD ["serve", "--addr", "0.0.0.0:8080"]
