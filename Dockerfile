# syntax=docker/dockerfile:1
#
# supplygraph: GraphQL service over Neo4j. Multi-stage build into a static binary on a
# distroless runtime image. See docker-compose.yml for a complete local stack.
#
#   docker build -t supplygraph .
#   docker run --rm -p 8080:8080 -e NEO4J_URI=bolt://host:7687 -e NEO4J_PASSWORD=... supplygraph

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOOS=linux GOFLAGS=-mod=readonly
# Dependencies first, so source edits do not invalidate the module download layer.
COPY go.mod go.sum* ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags="-s -w" -o /out/supplygraph ./cmd/supplygraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/supplygraph /usr/local/bin/supplygraph
# Demo dataset, for `supplygraph load /seed/demo` (the compose `seed` service).
COPY seed/ /seed/
ENV SUPPLYGRAPH_ADDR=0.0.0.0:8080 \
    NEO4J_URI=bolt://neo4j:7687 \
    NEO4J_USER=neo4j \
    NEO4J_DATABASE=neo4j
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/supplygraph"]
CMD ["serve"]
