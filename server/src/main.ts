import { loadConfig } from './infra/config';
import { createLogger } from './infra/logger';
import { startServer } from './server';

async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'server' });
  const server = await startServer(config, { logger });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await server.close().catch((err: unknown) => logger.error({ err }, 'shutdown failed'));
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`server failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
