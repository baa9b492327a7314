import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Citizens' personal data at rest: AES-256-GCM with a key from the environment, and a keyed
 * hash so a phone number can be looked up without decrypting every row.
 */
export type TPiiCipher = {
  encrypt(plain: string): string;
  decrypt(token: string): string;
  hash(value: string): string;
};

// Development only: a fixed key so demo data survives restarts. Production refuses to start without one.
const DEV_KEY = Buffer.from('aG90bGluZS0xMjM0NS1kZXZlbG9wbWVudC1rZXktMzI=', 'base64').subarray(0, 32);

export function createPiiCipher(keyB64: string | undefined, production: boolean): TPiiCipher {
  if (!keyB64 && production)
    throw new Error('PII_ENCRYPTION_KEY is required in production (32 bytes, base64)');
  const key = keyB64 ? Buffer.from(keyB64, 'base64') : DEV_KEY;
  if (key.length !== 32) throw new Error('PII_ENCRYPTION_KEY must decode to 32 bytes');
  const hashKey = createHmac('sha256', key).update('hash-key').digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')}`;
    },
    decrypt(token) {
      const raw = Buffer.from(token.slice(3), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    hash(value) {
      return createHmac('sha256', hashKey).update(value).digest('hex');
    },
  };
}

/** 138****1234: enough for the citizen to recognise, not enough to call. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}
