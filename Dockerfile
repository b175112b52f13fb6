# kefu in one container: the single binary built by `bun run build`, on a slim base.
# Mirrors the tested steps exactly: npm ci (Bun comes from npm), bun run build, copy dist/.

# ---- build ----
FROM node:20-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node_modules/.bin/bun run build

# ---- run ----
FROM debian:bookworm-slim
# libstdc++ for onnxruntime's library; ca-certificates for outbound HTTPS (WeChat, webhooks, SMTP).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libstdc++6 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/kefu --create-home kefu
WORKDIR /opt/kefu
COPY --from=build /src/dist/ ./
RUN ln -s /opt/kefu/kefu /usr/local/bin/kefu
USER kefu
ENV KEFU_DATA_DIR=/var/lib/kefu KEFU_PORT=3000 KEFU_HOST=0.0.0.0
VOLUME ["/var/lib/kefu"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS http://127.0.0.1:3000/healthz || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/kefu/kefu"]
CMD ["serve"]
