import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat Official Account message crypto (the WXBizMsgCrypt scheme): SHA-1 signatures over the
 * sorted parameters, and safe-mode AES-256-CBC with the key from EncodingAESKey. Pure functions;
 * the random prefix can be injected so the official vector re-encrypts byte for byte.
 */

/** WeChat pads to 32-byte blocks (PKCS#7 with k = 32), which Node's built-in padding (16) cannot do. */
const BLOCK = 32;
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Why a ciphertext was refused: the route answers 400 for `malformed`, 401 for `wrong_app`. */
export class WechatCryptoError extends Error {
  constructor(
    readonly reason: 'malformed' | 'wrong_app',
    message: string,
  ) {
    super(message);
    this.name = 'WechatCryptoError';
  }
}

/** sha1 of the sorted parts joined: the plain-mode `signature` (3 parts) and `msg_signature` (4 parts). */
export function wechatSignature(parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Constant-time comparison of a received hex signature with the expected one. */
export function signatureMatches(received: string | undefined, expected: string): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(received.toLowerCase(), 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The 32-byte AES key: base64(EncodingAESKey + '='). */
export function wechatAesKey(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32)
    throw new Error('WECHAT_ENCODING_AES_KEY must be 43 base64 characters');
  return key;
}

function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

/** Encrypts a message for safe mode: base64(AES-256-CBC(random16 + len(BE32) + xml + appId)). */
export function encryptWechatMessage(
  xml: string,
  opts: { encodingAesKey: string; appId: string; randomPrefix?: Buffer },
): string {
  const key = wechatAesKey(opts.encodingAesKey);
  const random = opts.randomPrefix ?? randomBytes(16);
  if (random.length !== 16) throw new Error('the random prefix is 16 bytes');
  const body = Buffer.from(xml, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length, 0);
  const plain = pad(Buffer.concat([random, len, body, Buffer.from(opts.appId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/**
 * Decrypts a safe-mode `Encrypt` value and checks that it was meant for our app id. Everything
 * about the ciphertext is checked (base64, block size, padding, length field, UTF-8): a bad one
 * is refused with a reason, never thrown as an unexpected error.
 */
export function decryptWechatMessage(
  encrypted: string,
  opts: { encodingAesKey: string; appId: string },
): { xml: string; randomPrefix: Buffer } {
  if (!STRICT_BASE64.test(encrypted)) throw new WechatCryptoError('malformed', 'Encrypt is not base64');
  const data = Buffer.from(encrypted, 'base64');
  if (data.length < BLOCK || data.length % 16 !== 0)
    throw new WechatCryptoError('malformed', 'Encrypt has a wrong length');
  const key = wechatAesKey(opts.encodingAesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const n = plain[plain.length - 1]!;
  if (n < 1 || n > BLOCK || n > plain.length || !plain.subarray(plain.length - n).every((b) => b === n))
    throw new WechatCryptoError('malformed', 'Encrypt has a wrong padding');
  const content = plain.subarray(0, plain.length - n);
  if (content.length < 20) throw new WechatCryptoError('malformed', 'Encrypt is too short');
  const len = content.readUInt32BE(16);
  if (20 + len > content.length) throw new WechatCryptoError('malformed', 'Encrypt has a wrong length field');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let xml: string;
  let appId: string;
  try {
    xml = decoder.decode(content.subarray(20, 20 + len));
    appId = decoder.decode(content.subarray(20 + len));
  } catch {
    throw new WechatCryptoError('malformed', 'Encrypt is not UTF-8');
  }
  if (appId !== opts.appId) throw new WechatCryptoError('wrong_app', 'Encrypt is for another app id');
  return { xml, randomPrefix: Buffer.from(content.subarray(0, 16)) };
}
