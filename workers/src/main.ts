import { createLogger } from '@hotline/server/src/infra/logger';
import { loadWorkerConfig } from './config';
import { startWorkers } from './index';

/** Hard stop if a job hangs during shutdown: the orchestrator's own kill comes later anyway. */
const SHUTDOWN_TIMEOUT_MS = 25_000;

async function main() {
  const config = loadWorkerConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'workers' });
  const workers = await startWorkers(config, { logger });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    try {
      await workers.close();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`workers failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
