# The server and the built browser app in one image, for installations that run several
# instances (deploy/compose.yaml, docs/deploy.md). A laptop needs none of this: npm start.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 is compiled from source where no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY boards/package.json boards/
COPY server/package.json server/
COPY client/package.json client/
COPY tests/package.json tests/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_DIR=/data
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Liveness; a load balancer should use /api/ready, which also says when the store does not answer.
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM reaches the server itself (not npm), which stores everything and closes sockets with 1012.
CMD ["node", "--max-semi-space-size=1", "--v8-pool-size=1", "server/dist/main.mjs"]
