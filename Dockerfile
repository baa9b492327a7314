# One image for the server and the workers (docker-compose.yml picks the command).
# The services run TypeScript through tsx, as in development, so the image keeps devDependencies.

# --- dependencies: only the manifests, so this layer is rebuilt only when they change ---------
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY workers/package.json workers/
COPY client/package.json client/
# --include=dev: tsx runs the services and Vite builds the console.
RUN npm ci --include=dev --no-audit --no-fund

# --- sources, minus anything from the host that must not shadow what npm ci installed ---------
# (A .dockerignore with node_modules, data, dist and .git would also shrink the build context.)
FROM node:20-bookworm-slim AS source
WORKDIR /src
COPY . .
RUN rm -rf node_modules ./*/node_modules data client/dist coverage .git

# --- build the console and assemble the runtime ----------------------------------------------
FROM deps AS app
COPY --from=source /src/ ./
RUN npm run build -w @hotline/client

ENV NODE_ENV=production \
    PORT=3000 \
    SERVE_CLIENT_DIR=client/dist
# Nothing in the image needs root at run time.
USER node
EXPOSE 3000
# No HEALTHCHECK here: the workers share this image and serve no HTTP. docker-compose.yml checks
# the server's /readyz.
# node directly (not npm or npx) so SIGTERM reaches the server and it can drain connections.
CMD ["node", "--import", "tsx", "server/src/main.ts"]
