import { CHANNELS, makeSubmission, type TCatalogue, type TChaosChannel, type TSubmission } from './channels';
import { sleep } from './ports';

/** What became of one submission on the client's side. */
export type TOutcome = {
  channel: TChaosChannel;
  key: string;
  tag: string;
  /** The server answered success to every part: the system owes us this submission. */
  acked: boolean;
  attempts: number;
  /** A 4xx that retrying cannot fix (a bug in the generator or the server): never expected. */
  refused?: string;
  lastError?: string;
};

/** A client gives up on a submission this long after its first attempt (then it is not acknowledged). */
const GIVE_UP_AFTER_MS = 120_000;
const REQUEST_TIMEOUT_MS = 20_000;
/**
 * At most this many submissions are being sent or retried at once; a tick finding the limit
 * reached sends nothing (like a platform's bounded pool of push connections). Without it a slow
 * machine turns an outage into a retry storm that only measures the storm.
 */
const MAX_IN_FLIGHT = 150;
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Hotline@12345';

/**
 * A steady stream of submissions on every channel, round-robin over the servers. A failed
 * attempt (connection refused or reset, timeout, 5xx, 429, 401 after a session loss) is retried
 * with the same idempotency key on the next server after a pause, as a real client or platform
 * retries; a submission counts as acknowledged only when the server answered success.
 */
export class LoadGenerator {
  readonly outcomes: TOutcome[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** The submissions being tried now, for the progress line: why their last attempt failed. */
  private readonly trying = new Set<TOutcome>();
  private timers: NodeJS.Timeout[] = [];
  private seq = 0;
  private rr = 0;
  private cookie: Promise<string> | null = null;
  private stopped = false;
  readonly sent: Record<TChaosChannel, number> = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as never;
  retries = 0;
  /** Ticks skipped because MAX_IN_FLIGHT submissions were already under way. */
  skipped = 0;

  constructor(
    private readonly servers: string[],
    private readonly ratePerSecond: Record<TChaosChannel, number>,
    private readonly catalogue: TCatalogue,
    private readonly runId: string,
  ) {}

  start(): void {
    for (const channel of CHANNELS) {
      const every = 1000 / this.ratePerSecond[channel];
      this.timers.push(setInterval(() => this.launch(channel), every));
    }
  }

  /** Stops issuing new submissions and waits until every one started has been acknowledged or given up. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  pending(): number {
    return this.inFlight.size;
  }

  /** The most common reasons the submissions in flight are being retried. */
  retryReasons(top = 3): string {
    const counts = new Map<string, number>();
    for (const o of this.trying)
      if (o.lastError) {
        const reason = `${o.channel}: ${o.lastError.slice(0, 70)}`;
        counts.set(reason, (counts.get(reason) ?? 0) + 1);
      }
    return [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([r, n]) => `${n}× ${r}`)
      .join(' | ');
  }

  private launch(channel: TChaosChannel): void {
    if (this.stopped) return;
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      this.skipped += 1;
      return;
    }
    this.seq += 1;
    this.sent[channel] += 1;
    const submission = makeSubmission(channel, this.seq, this.runId, this.catalogue);
    const run = this.submit(submission).then((o) => void this.outcomes.push(o));
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private async submit(s: TSubmission): Promise<TOutcome> {
    const outcome: TOutcome = { channel: s.channel, key: s.key, tag: s.tag, acked: false, attempts: 0 };
    this.trying.add(outcome);
    try {
      return await this.attempt(s, outcome);
    } finally {
      this.trying.delete(outcome);
    }
  }

  private async attempt(s: TSubmission, outcome: TOutcome): Promise<TOutcome> {
    const giveUpAt = Date.now() + GIVE_UP_AFTER_MS;
    for (const part of s.parts) {
      let done = false;
      let wait = 0;
      for (let attempt = 0; !done; attempt++) {
        if (attempt > 0) {
          this.retries += 1;
          await sleep(wait || Math.min(300 * 1.5 ** attempt, 5000) + Math.random() * 500);
          wait = 0;
        }
        if (Date.now() > giveUpAt) return outcome;
        outcome.attempts += 1;
        const base = this.servers[this.rr++ % this.servers.length]!;
        try {
          const cookie = s.channel === 'staff' ? await this.session() : '';
          const req = part.request(cookie);
          const res = await fetch(`${base}${req.path}`, {
            method: req.method,
            headers: req.headers,
            body: req.body,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          const text = await res.text();
          if (part.accepted(res.status, text)) {
            done = true;
            continue;
          }
          outcome.lastError = `${res.status} ${text.slice(0, 200)}`;
          // A throttled client waits as long as it is told to (bounded), as well-behaved clients do.
          const retryAfter = Number(res.headers.get('retry-after'));
          if (retryAfter > 0) wait = Math.min(retryAfter * 1000, 10_000);
          if (res.status === 401 && s.channel === 'staff') this.dropSession(cookie);
          else if (res.status >= 400 && res.status < 500 && ![408, 425, 429].includes(res.status)) {
            outcome.refused = outcome.lastError;
            return outcome;
          }
        } catch (err) {
          outcome.lastError =
            (err as Error).message + ((err as Error).cause ? ` (${String((err as Error).cause)})` : '');
        }
      }
    }
    outcome.acked = true;
    return outcome;
  }

  /** The agent's session cookie; one sign-in at a time, again after the sessions were lost with Redis. */
  private session(): Promise<string> {
    this.cookie ??= this.login().catch((err: unknown) => {
      this.cookie = null;
      throw err;
    });
    return this.cookie;
  }

  private dropSession(cookie: string): void {
    const current = this.cookie;
    void current?.then(
      (c) => {
        if (c === cookie && this.cookie === current) this.cookie = null;
      },
      () => undefined,
    );
  }

  private async login(): Promise<string> {
    const base = this.servers[this.rr++ % this.servers.length]!;
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'hotline' },
      body: JSON.stringify({ username: 'agent1', password: DEMO_PASSWORD }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const setCookie = res.headers.get('set-cookie');
    if (res.status !== 200 || !setCookie) throw new Error(`login failed: ${res.status}`);
    return setCookie.split(';')[0]!;
  }
}
