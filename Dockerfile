# The published segment-s2 tool in a container (used by deploy/kubernetes/). Build from the repository root:
#   docker build -t segment-s2 .
#   docker run --rm -v $PWD/data:/data segment-s2 batch --prompts /data/fields.geojson ...
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish samples/SegmentS2.Cli -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app .
# Run as the image's non-root user; models, input and output come from mounted volumes.
USER $APP_UID
ENTRYPOINT ["dotnet", "/app/segment-s2.dll"]
