import { hash, verify } from '@node-rs/argon2';

/**
 * Password hashing for console users. @node-rs/argon2 defaults to argon2id, 19 MiB, 2 passes,
 * 1 lane — the OWASP minimum — and writes a PHC string ("$argon2id$v=19$m=19456,t=2,p=1$…"),
 * so the parameters travel with the hash and can be raised later without breaking old ones.
 */
export function hashPassword(plain: string): Promise<string> {
  return hash(plain);
}

/** False for a wrong password and for a stored value that is not an argon2 hash at all. */
export async function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(passwordHash, plain);
  } catch {
    return false;
  }
}
