/**
 * Re-encrypts citizens' personal data with the current PII key (the first of PII_ENCRYPTION_KEYS).
 * Usage: DATABASE_URL=… PII_ENCRYPTION_KEYS="k2:<new>,v1:<old>" npx tsx scripts/pii-rotate.ts [--batch 500]
 *        npx tsx scripts/pii-rotate.ts --print-hash-key   (the phone-lookup hash key derived from key v1)
 *
 * Safe to stop and run again: rows already on the current key are skipped. Drop the old key from
 * PII_ENCRYPTION_KEYS only after a run that reports 0 failed. The hash key does not rotate: before
 * the v1 key leaves the configuration, set PII_HASH_KEY to what --print-hash-key shows.
 */
import { createDb } from '../server/src/infra/db/client';
import { deriveHashKey, LEGACY_KEY_ID, parseKeyList, piiCipherFromEnv } from '../server/src/infra/crypto';
import { rotatePii } from '../server/src/modules/maintenance/rotate-pii';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--print-hash-key')) {
    if (process.env.PII_HASH_KEY) return console.log('PII_HASH_KEY is set already; nothing to derive.');
    const v1 =
      process.env.PII_ENCRYPTION_KEY ??
      (process.env.PII_ENCRYPTION_KEYS
        ? parseKeyList(process.env.PII_ENCRYPTION_KEYS)
            .find(([id]) => id === LEGACY_KEY_ID)?.[1]
            .toString('base64')
        : undefined);
    if (!v1) throw new Error('No key with id v1 is configured: the hash key cannot be derived.');
    console.log(`PII_HASH_KEY=${deriveHashKey(Buffer.from(v1, 'base64')).toString('base64')}`);
    return;
  }
  const batchAt = args.indexOf('--batch');
  const batchSize = batchAt >= 0 ? Number(args[batchAt + 1]) : 500;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('--batch takes a positive integer');
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const pii = piiCipherFromEnv(process.env, process.env.NODE_ENV === 'production');
  const { pool } = createDb(url, { max: 2 });
  try {
    console.log(`Re-encrypting with key "${pii.currentKeyId}" in batches of ${batchSize}…`);
    const started = Date.now();
    const counts = await rotatePii({ pool, pii, batchSize, log: (line) => console.log(`  ${line}`) });
    const rewritten = counts.reduce((n, c) => n + c.rewritten, 0);
    const failed = counts.reduce((n, c) => n + c.failed, 0);
    console.log(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${rewritten} rewritten, ${failed} failed.`,
    );
    if (failed > 0) {
      console.log('Some values were written with a key that is not configured: keep the old keys and look.');
      process.exitCode = 1;
    }
  } finally {
    await pool.end();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
