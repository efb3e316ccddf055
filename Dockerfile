# The published segment-s2 tool in a container (used by deploy/kubernetes/). Build from the repository root:
#   docker build -t segment-s2 .
#   docker run --rm -v $PWD/data:/data -v $PWD/models:/models segment-s2 batch --prompts /data/fields.geojson --model-dir /models ...
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# linux-x64 only: ONNX Runtime's package otherwise copies native libraries for every platform (about 250 MB).
RUN dotnet publish samples/SegmentS2.Cli -c Release -r linux-x64 --self-contained false -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
COPY --from=build /app /app
# The image's non-root user ($APP_UID, 1654) owns the working folder, so the default --out (out) is writable without a
# volume; in Kubernetes the output volume is made writable by the pod's fsGroup (deploy/kubernetes/batch-job.yaml).
RUN mkdir -p /work && chown "$APP_UID" /work
WORKDIR /work
USER $APP_UID
ENTRYPOINT ["dotnet", "/app/segment-s2.dll"]
