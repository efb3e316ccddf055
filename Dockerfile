# The published segment-s2 tool in a container (used by deploy/kubernetes/). Build from the repository root:
#   docker build -t segment-s2 .
#   docker run --rm -v $PWD/data:/data -v $PWD/models:/models segment-s2 batch --prompts /data/fields.geojson --model-dir /models ...
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Native AOT links the tool with clang.
RUN apt-get update && apt-get install -y --no-install-recommends clang lld zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# linux-x64: one native executable (Native AOT) beside ONNX Runtime's and SQLite's native libraries.
RUN dotnet publish samples/SegmentS2.Cli -c Release -r linux-x64 -o /app && rm -f /app/*.dbg /app/*.pdb /app/*.xml

# No .NET runtime needed: the image holds only what the native executable links against.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
COPY --from=build /app /app
# The image's non-root user ($APP_UID, 1654) owns the working folder, so the default --out (out) is writable without a
# volume; in Kubernetes the output volume is made writable by the pod's fsGroup (deploy/kubernetes/batch-job.yaml).
RUN mkdir -p /work && chown "$APP_UID" /work
WORKDIR /work
USER $APP_UID
ENTRYPOINT ["/app/segment-s2"]
