import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Citizens' personal data at rest: AES-256-GCM with keys from the environment, and a keyed
 * hash so a phone number can be looked up without decrypting every row.
 *
 * Tokens are `<key id>.<base64(iv | tag | ciphertext)>`. The first key of PII_ENCRYPTION_KEYS
 * encrypts, every listed key decrypts; PII_ENCRYPTION_KEY is the key with id `v1` (what every
 * token was written with before rotation existed). The hash has its own key, which a rotation
 * does not change: hashes are stored in unique columns and compared, never re-computed.
 */
export type TPiiCipher = {
  encrypt(plain: string): string;
  decrypt(token: string): string;
  hash(value: string): string;
  /** The id of the key new tokens are written with. */
  readonly currentKeyId: string;
  /** True when the token is written with the current key (a rotation leaves it alone). */
  isCurrent(token: string): boolean;
};

export type TPiiKeyEnv = {
  PII_ENCRYPTION_KEY?: string | undefined;
  PII_ENCRYPTION_KEYS?: string | undefined;
  PII_HASH_KEY?: string | undefined;
};

/** The id PII_ENCRYPTION_KEY has always had: tokens written before rotation start with `v1.`. */
export const LEGACY_KEY_ID = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

// Development only: a fixed key so demo data survives restarts. Production refuses to start without one.
const DEV_KEY = Buffer.from('aG90bGluZS0xMjM0NS1kZXZlbG9wbWVudC1rZXktMzI=', 'base64').subarray(0, 32);

function decodeKey(name: string, b64: string): Buffer {
  const key = Buffer.from(b64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${name} must decode to 32 bytes (base64)`);
  return key;
}

/** `k2:base64,k1:base64` → ordered [id, key] pairs; the first one encrypts. */
export function parseKeyList(list: string): Array<[string, Buffer]> {
  const pairs: Array<[string, Buffer]> = [];
  for (const item of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const colon = item.indexOf(':');
    const id = colon > 0 ? item.slice(0, colon) : '';
    if (!KEY_ID.test(id))
      throw new Error('PII_ENCRYPTION_KEYS: each entry is <id>:<base64 key>, id of letters, digits, _ or -');
    if (pairs.some(([seen]) => seen === id))
      throw new Error(`PII_ENCRYPTION_KEYS: key id ${id} appears twice`);
    pairs.push([id, decodeKey(`PII_ENCRYPTION_KEYS (${id})`, item.slice(colon + 1))]);
  }
  if (pairs.length === 0) throw new Error('PII_ENCRYPTION_KEYS is empty');
  return pairs;
}

/** The hash key every installation had before PII_HASH_KEY existed: derived from the `v1` key. */
export function deriveHashKey(v1Key: Buffer): Buffer {
  return createHmac('sha256', v1Key).update('hash-key').digest();
}

/** Builds the cipher from PII_ENCRYPTION_KEYS / PII_ENCRYPTION_KEY / PII_HASH_KEY; throws a clear message when they are wrong. */
export function piiCipherFromEnv(env: TPiiKeyEnv, production: boolean): TPiiCipher {
  const keys = env.PII_ENCRYPTION_KEYS ? parseKeyList(env.PII_ENCRYPTION_KEYS) : [];
  if (env.PII_ENCRYPTION_KEY) {
    const legacy = decodeKey('PII_ENCRYPTION_KEY', env.PII_ENCRYPTION_KEY);
    const listed = keys.find(([id]) => id === LEGACY_KEY_ID);
    if (listed && !listed[1].equals(legacy))
      throw new Error('PII_ENCRYPTION_KEY differs from the key with id v1 in PII_ENCRYPTION_KEYS');
    // Listed after the rotation keys: it still decrypts, it no longer encrypts.
    if (!listed) keys.push([LEGACY_KEY_ID, legacy]);
  }
  if (keys.length === 0) {
    if (production)
      throw new Error(
        'PII_ENCRYPTION_KEY or PII_ENCRYPTION_KEYS is required in production (32 bytes, base64)',
      );
    keys.push([LEGACY_KEY_ID, DEV_KEY]);
  }
  let hashKey: Buffer;
  if (env.PII_HASH_KEY) {
    hashKey = Buffer.from(env.PII_HASH_KEY, 'base64');
    if (hashKey.length < 32) throw new Error('PII_HASH_KEY must decode to at least 32 bytes (base64)');
  } else {
    const v1 = keys.find(([id]) => id === LEGACY_KEY_ID);
    if (!v1)
      throw new Error(
        'PII_HASH_KEY is required when no key has id v1: phone lookups use a hash whose key must never change ' +
          '(`npm run pii:rotate -- --print-hash-key` prints the one derived from the v1 key)',
      );
    hashKey = deriveHashKey(v1[1]);
  }
  return createCipher(new Map(keys), keys[0]![0], hashKey);
}

/** One key (id `v1`), as before rotation: tests, seeds and scripts that only read PII_ENCRYPTION_KEY. */
export function createPiiCipher(keyB64: string | undefined, production: boolean): TPiiCipher {
  return piiCipherFromEnv({ PII_ENCRYPTION_KEY: keyB64 }, production);
}

/**
 * 96-bit GCM nonces, random, taken from a buffer filled 256 at a time: one call into the CSPRNG
 * per filing cost more than the encryption itself. Each nonce is used once (the offset only moves on).
 */
let nonces = Buffer.alloc(0);
let nonceAt = 0;
function nextNonce(): Buffer {
  if (nonceAt + 12 > nonces.length) {
    nonces = randomBytes(12 * 256);
    nonceAt = 0;
  }
  nonceAt += 12;
  return nonces.subarray(nonceAt - 12, nonceAt);
}

function createCipher(keys: Map<string, Buffer>, currentKeyId: string, hashKey: Buffer): TPiiCipher {
  const current = keys.get(currentKeyId)!;
  return {
    currentKeyId,
    encrypt(plain) {
      const iv = nextNonce();
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${currentKeyId}.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')}`;
    },
    decrypt(token) {
      const dot = token.indexOf('.');
      const keyId = dot > 0 ? token.slice(0, dot) : '';
      const key = keys.get(keyId);
      // The id only, never the token: it is personal data.
      if (!key)
        throw new Error(`PII token written with key "${keyId.slice(0, 32)}", which is not configured`);
      const raw = Buffer.from(token.slice(dot + 1), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    hash(value) {
      return createHmac('sha256', hashKey).update(value).digest('hex');
    },
    isCurrent(token) {
      return token.startsWith(`${currentKeyId}.`);
    },
  };
}

/** 138****1234: enough for the citizen to recognise, not enough to call. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** 3201**********1234: the issuing area and the last four, as on a receipt. */
export function maskIdNumber(id: string): string {
  const v = id.trim().toUpperCase();
  if (v.length < 9) return '*'.repeat(v.length);
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}
