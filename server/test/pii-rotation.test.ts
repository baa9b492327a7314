import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { parseConfig } from '../src/infra/config';
import { createPiiCipher, deriveHashKey, piiCipherFromEnv, type TPiiCipher } from '../src/infra/crypto';
import { createLogger } from '../src/infra/logger';
import { rotatePii } from '../src/modules/maintenance/rotate-pii';
import { startServer, type TRunningServer } from '../src/server';
import { createTestDatabase, DEMO_PASSWORD, dropTestDatabase, TEST_REDIS_URL } from './support/db';
import { ApiClient, deleteRedisPrefix } from './support/harness';

const A = randomBytes(32).toString('base64');
const B = randomBytes(32).toString('base64');

describe('the PII cipher', () => {
  test('PII_ENCRYPTION_KEY alone writes v1 tokens, as before rotation existed', () => {
    const pii = piiCipherFromEnv({ PII_ENCRYPTION_KEY: A }, true);
    const token = pii.encrypt('13912345678');
    expect(token).toMatch(/^v1\./);
    expect(pii.decrypt(token)).toBe('13912345678');
    expect(pii.currentKeyId).toBe('v1');
    // Same key, same hash: the derivation every installation has used so far.
    expect(pii.hash('13912345678')).toBe(createPiiCipher(A, true).hash('13912345678'));
  });

  test('every encryption takes a nonce of its own (the buffered nonces are never reused)', () => {
    const pii = piiCipherFromEnv({ PII_ENCRYPTION_KEY: A }, true);
    // More than one buffer's worth (256 nonces), across the refill.
    const tokens = Array.from({ length: 600 }, () => pii.encrypt('13912345678'));
    const nonces = tokens.map((t) => Buffer.from(t.slice(3), 'base64').subarray(0, 12).toString('hex'));
    expect(new Set(nonces).size).toBe(tokens.length);
    for (const t of tokens.slice(250, 260)) expect(pii.decrypt(t)).toBe('13912345678');
  });

  test('the first listed key encrypts, every listed key decrypts, the hash does not move', () => {
    const before = createPiiCipher(A, true);
    const after = piiCipherFromEnv({ PII_ENCRYPTION_KEYS: `k2:${B},v1:${A}` }, true);
    const old = before.encrypt('王先生');
    const fresh = after.encrypt('王先生');
    expect(fresh).toMatch(/^k2\./);
    expect(after.decrypt(old)).toBe('王先生');
    expect(after.isCurrent(fresh) && !after.isCurrent(old)).toBe(true);
    expect(after.hash('13912345678')).toBe(before.hash('13912345678'));
    // PII_ENCRYPTION_KEY next to a list without v1 joins it as the decrypt-only v1 key.
    const mixed = piiCipherFromEnv({ PII_ENCRYPTION_KEY: A, PII_ENCRYPTION_KEYS: `k2:${B}` }, true);
    expect(mixed.currentKeyId).toBe('k2');
    expect(mixed.decrypt(old)).toBe('王先生');
    expect(() => before.decrypt(fresh)).toThrow(/key "k2", which is not configured/);
  });

  test('without a v1 key the hash key must be given; a tampered token does not decrypt', () => {
    expect(() => piiCipherFromEnv({ PII_ENCRYPTION_KEYS: `k2:${B}` }, true)).toThrow(
      /PII_HASH_KEY is required/,
    );
    const hashKey = deriveHashKey(Buffer.from(A, 'base64')).toString('base64');
    const alone = piiCipherFromEnv({ PII_ENCRYPTION_KEYS: `k2:${B}`, PII_HASH_KEY: hashKey }, true);
    expect(alone.hash('x')).toBe(createPiiCipher(A, true).hash('x'));
    const token = alone.encrypt('13912345678');
    const tampered = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(() => alone.decrypt(tampered)).toThrow();
  });

  test('bad configuration is refused with the variable named', () => {
    expect(() => piiCipherFromEnv({}, true)).toThrow(/PII_ENCRYPTION_KEY or PII_ENCRYPTION_KEYS is required/);
    expect(() => piiCipherFromEnv({ PII_ENCRYPTION_KEYS: 'k2:c2hvcnQ=' }, true)).toThrow(/32 bytes/);
    expect(() => piiCipherFromEnv({ PII_ENCRYPTION_KEYS: `k.2:${B}` }, true)).toThrow(/<id>:<base64 key>/);
    expect(() => piiCipherFromEnv({ PII_ENCRYPTION_KEYS: `k2:${B},k2:${A}` }, true)).toThrow(/twice/);
    expect(() => piiCipherFromEnv({ PII_ENCRYPTION_KEY: A, PII_ENCRYPTION_KEYS: `v1:${B}` }, true)).toThrow(
      /differs/,
    );
  });
});

describe('rotating the PII key of a running installation', () => {
  let dbUrl: string;
  const prefix = `test-pii-rotation-${process.pid}`;
  let server: TRunningServer | null = null;

  const start = async (env: Record<string, string>) => {
    server = await startServer(
      parseConfig({
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: dbUrl,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: prefix,
        LOG_LEVEL: 'silent',
        MIGRATE_ON_START: 'false',
        ...env,
      }),
      { logger: createLogger({ level: 'silent' }) },
    );
    const agent = new ApiClient(server.url);
    const res = await agent.post('/auth/login', { username: 'agent1', password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    return { pii: server.ctx.pii, agent };
  };
  const restart = async (env: Record<string, string>) => {
    await server?.close();
    server = null;
    return start(env);
  };

  beforeAll(async () => {
    dbUrl = await createTestDatabase('pii_rotation');
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await deleteRedisPrefix(prefix);
    await dropTestDatabase(dbUrl);
  });

  const fileTicket = async (agent: ApiClient, phone: string, name: string) => {
    const res = await agent.post('/tickets', {
      type: 'complaint',
      title: '噪音扰民',
      description: '夜间施工噪音扰民，影响休息',
      citizen: { phone, name },
    });
    if (res.status !== 201) throw new Error(`create failed ${res.status} ${JSON.stringify(res.body)}`);
    const detail = await agent.get(`/tickets/${res.body.ticket.id}`);
    return { citizenName: detail.body.ticket.citizenName as string, citizenId: await citizenIdOf(phone) };
  };

  const query = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => {
    const client = new Client({ connectionString: dbUrl });
    await client.connect();
    try {
      return (await client.query<T>(text, params)).rows;
    } finally {
      await client.end();
    }
  };
  const citizenIdOf = async (phone: string) =>
    (
      await query<{ id: string }>('select id from citizens where phone_hash = $1', [
        server!.ctx.pii.hash(phone),
      ])
    )[0]?.id;

  /** Every stored token, by the key it is written with. */
  const keyIds = async () => {
    const rows = await query<{ token: string }>(
      `select phone_enc as token from citizens where phone_enc is not null
       union all select name_enc from citizens where name_enc is not null
       union all select caller_enc from call_records where caller_enc is not null
       union all select body from inbound_messages where channel = 'open311'
       union all select body::json->>'phoneEnc' from inbound_messages where channel = 'web'`,
    );
    const ids: Record<string, number> = {};
    for (const { token } of rows) ids[token.split('.')[0]!] = (ids[token.split('.')[0]!] ?? 0) + 1;
    return ids;
  };

  /** Stored data the tickets API does not write: a call record and two kinds of inbound message. */
  const storeChannelData = async (pii: TPiiCipher, tag: string) => {
    await query(
      `insert into call_records (call_id, caller_hash, caller_enc, caller_masked) values ($1, $2, $3, $4)`,
      [`call-${tag}`, pii.hash('13800001111'), pii.encrypt('13800001111'), '138****1111'],
    );
    await query(`insert into inbound_messages (channel, external_id, body) values ('open311', $1, $2)`, [
      `o311-${tag}`,
      pii.encrypt(JSON.stringify({ v: 1, token: tag })),
    ]);
    await query(`insert into inbound_messages (channel, external_id, body) values ('web', $1, $2)`, [
      `web-${tag}`,
      JSON.stringify({
        v: 1,
        phoneEnc: pii.encrypt('13700002222'),
        phoneHash: pii.hash('13700002222'),
        nameEnc: null,
      }),
    ]);
  };

  test('data written with key A is read with "B,A", rotated to B, then read with B alone', async () => {
    // 1. Key A, the single-key configuration of today.
    let { pii, agent } = await start({ PII_ENCRYPTION_KEY: A });
    const first = await fileTicket(agent, '13912345678', '王先生');
    await fileTicket(agent, '13912340000', '李女士');
    await storeChannelData(pii, 'a');
    expect(await keyIds()).toEqual({ v1: 7 });

    // 2. Keys "B,A": old tokens decrypt, new ones are written with B, the phone still finds its citizen.
    ({ pii, agent } = await restart({ PII_ENCRYPTION_KEYS: `kb:${B},v1:${A}` }));
    const again = await fileTicket(agent, '13912345678', '王先生');
    expect(again.citizenId).toBe(first.citizenId);
    expect(again.citizenName).toBe('王先生');
    await fileTicket(agent, '13955556666', '张先生');
    await storeChannelData(pii, 'b');
    expect(await keyIds()).toEqual({ v1: 6, kb: 6 });

    // 3. The rotation, crashed half way (the second batch's commit fails), then run again.
    let commits = 0;
    const flaky = new Pool({ connectionString: dbUrl, max: 1 });
    const realConnect = flaky.connect.bind(flaky);
    // pool.query() connects with a callback: only the batches' own connections fail.
    (flaky as unknown as { connect: (cb?: unknown) => unknown }).connect = async (cb?: unknown) => {
      if (cb) return (realConnect as (cb: unknown) => void)(cb);
      const client = await realConnect();
      const realQuery = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
      (client as unknown as { query: unknown }).query = (...a: unknown[]) => {
        if (a[0] === 'commit' && ++commits === 2) return Promise.reject(new Error('killed'));
        return realQuery(...a);
      };
      return client;
    };
    await expect(rotatePii({ pool: flaky, pii, batchSize: 1 })).rejects.toThrow('killed');
    await flaky.end();
    const partly = await keyIds();
    expect(partly.kb).toBeGreaterThan(6);
    expect(partly.v1).toBeGreaterThan(0);

    const pool = new Pool({ connectionString: dbUrl, max: 2 });
    try {
      const lines: string[] = [];
      const counts = await rotatePii({ pool, pii, batchSize: 2, log: (l) => lines.push(l) });
      const total = counts.reduce((n, c) => n + c.rewritten, 0);
      expect(total).toBe(partly.v1);
      expect(counts.every((c) => c.failed === 0)).toBe(true);
      expect(lines.join('\n')).toMatch(/citizens\.phone_enc: \d+ rewritten, 0 failed/);
      expect(await keyIds()).toEqual({ kb: 12 });
      // Idempotent: nothing is left to do.
      const rerun = await rotatePii({ pool, pii, batchSize: 2 });
      expect(rerun.reduce((n, c) => n + c.rewritten, 0)).toBe(0);
    } finally {
      await pool.end();
    }

    // 4. Key B alone (the hash key pinned to what it was derived as): everything reads, lookups hold.
    await server!.close();
    server = null;
    await expect(start({ PII_ENCRYPTION_KEYS: `kb:${B}` })).rejects.toThrow(/PII_HASH_KEY is required/);
    const hashKey = deriveHashKey(Buffer.from(A, 'base64')).toString('base64');
    ({ pii, agent } = await start({ PII_ENCRYPTION_KEYS: `kb:${B}`, PII_HASH_KEY: hashKey }));
    const last = await fileTicket(agent, '13912345678', '王先生');
    expect(last.citizenId).toBe(first.citizenId);
    expect(last.citizenName).toBe('王先生');
    const tokens = await query<{ phone_enc: string; name_enc: string }>(
      'select phone_enc, name_enc from citizens',
    );
    expect(tokens.map((t) => pii.decrypt(t.phone_enc)).sort()).toEqual([
      '13912340000',
      '13912345678',
      '13955556666',
    ]);
    const [web] = await query<{ body: string }>(
      `select body from inbound_messages where external_id = 'web-a'`,
    );
    expect(pii.decrypt(JSON.parse(web!.body).phoneEnc)).toBe('13700002222');
    const [o311] = await query<{ body: string }>(
      `select body from inbound_messages where external_id = 'o311-a'`,
    );
    expect(JSON.parse(pii.decrypt(o311!.body))).toEqual({ v: 1, token: 'a' });
    // The old key is gone: nothing written with it is left to need it.
    expect(() => createPiiCipher(A, false).decrypt(tokens[0]!.phone_enc)).toThrow();
  }, 120_000);
});
