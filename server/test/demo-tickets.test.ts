import { createPiiCipher } from '../src/infra/crypto';
import { createDb } from '../src/infra/db/client';
import { createLogger } from '../src/infra/logger';
import { seedDemoTickets } from '../src/modules/seed/demo-tickets';
import { CalendarService } from '../src/modules/sla/calendar.service';
import { createTestDatabase, dropTestDatabase } from './support/db';

test('the demo tickets cover every working state, through the real use cases, and are created only once', async () => {
  const url = await createTestDatabase('demo_tickets');
  const { db, pool } = createDb(url, { max: 4 });
  try {
    const ctx = {
      db,
      calendar: new CalendarService(db),
      clock: () => new Date(),
      pii: createPiiCipher(undefined, false),
      logger: createLogger({ level: 'silent' }),
    };
    const first = await seedDemoTickets(ctx);
    expect(first).toBeGreaterThanOrEqual(10);
    expect(await seedDemoTickets(ctx)).toBe(0);
    const statuses = (await pool.query('select distinct status from tickets order by 1')).rows.map(
      (r) => r.status,
    );
    expect(statuses).toEqual(
      expect.arrayContaining([
        'closed',
        'dispatched',
        'in_progress',
        'registered',
        'reopened',
        'replied',
        'resolved',
        'returned',
      ]),
    );
    // every ticket has its creation event and an outbox row per event
    const events = (await pool.query('select count(*)::int as n from ticket_events')).rows[0].n;
    const outbox = (await pool.query('select count(*)::int as n from outbox')).rows[0].n;
    expect(outbox).toBe(events);
    expect(ctx.clock().getTime()).toBeGreaterThan(Date.now() - 5000);
  } finally {
    await pool.end();
    await dropTestDatabase(url);
  }
});
