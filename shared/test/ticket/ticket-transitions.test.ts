import {
  AppError,
  assertCanTransition,
  availableActions,
  ROLES,
  TICKET_ACTIONS,
  TICKET_STATUSES,
  TICKET_TRANSITIONS,
  type TTicketStatus,
} from '../../src';

const permissive = (status: TTicketStatus) => ({
  status,
  statusBeforeSuspend: 'in_progress' as TTicketStatus,
  // guards that need a flag in one direction or the other are covered separately below
  extensionPending: false,
  callbackDone: false,
});

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof AppError ? err.code : 'OTHER';
  }
}

describe('the ticket transition table', () => {
  const cases = TICKET_ACTIONS.flatMap((action) =>
    TICKET_STATUSES.map((status) => [action, status] as const),
  );

  test.each(cases)('%s from %s is allowed exactly when the table says so', (action, status) => {
    const t = TICKET_TRANSITIONS[action];
    const role = t.roles[0]!;
    const code = codeOf(() => assertCanTransition(permissive(status), action, { role }));
    if (!t.from.includes(status)) {
      expect(code).toBe('ILLEGAL_TRANSITION');
    } else {
      // allowed by state; only a field guard may still refuse it
      expect([null, 'ILLEGAL_TRANSITION']).toContain(code);
    }
  });

  test.each(TICKET_ACTIONS.flatMap((a) => ROLES.map((r) => [a, r] as const)))(
    '%s by %s is refused with FORBIDDEN unless the role is listed',
    (action, role) => {
      const t = TICKET_TRANSITIONS[action];
      const code = codeOf(() => assertCanTransition(permissive(t.from[0]!), action, { role }));
      if (t.roles.includes(role)) expect(code).not.toBe('FORBIDDEN');
      else expect(code).toBe('FORBIDDEN');
    },
  );

  test('every status is reachable from a draft and only a merged ticket is a dead end', () => {
    const reachable = new Set<TTicketStatus>(['draft']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const action of TICKET_ACTIONS) {
        const t = TICKET_TRANSITIONS[action];
        for (const from of t.from) {
          if (!reachable.has(from)) continue;
          const targets = [t.to, t.toWhenUnsatisfied].filter((x): x is TTicketStatus =>
            Boolean(x && x !== 'same' && x !== 'previous'),
          );
          for (const to of targets) {
            if (!reachable.has(to)) {
              reachable.add(to);
              grew = true;
            }
          }
        }
      }
    }
    expect([...reachable].sort()).toEqual([...TICKET_STATUSES].sort());
    for (const status of TICKET_STATUSES.filter((s) => s !== 'merged')) {
      expect(TICKET_ACTIONS.some((a) => TICKET_TRANSITIONS[a].from.includes(status))).toBe(true);
    }
  });

  test('a satisfied callback keeps the ticket resolved, an unsatisfied one reopens it', () => {
    const s = { status: 'resolved' as const, callbackDone: false };
    expect(assertCanTransition(s, 'callback', { role: 'agent', satisfied: true })).toBe('resolved');
    expect(assertCanTransition(s, 'callback', { role: 'agent', satisfied: false })).toBe('reopened');
  });

  test('a ticket cannot be closed before the citizen was called back, nor called back twice', () => {
    expect(
      codeOf(() =>
        assertCanTransition({ status: 'resolved', callbackDone: false }, 'close', { role: 'agent' }),
      ),
    ).toBe('ILLEGAL_TRANSITION');
    expect(assertCanTransition({ status: 'resolved', callbackDone: true }, 'close', { role: 'agent' })).toBe(
      'closed',
    );
    expect(
      codeOf(() =>
        assertCanTransition({ status: 'resolved', callbackDone: true }, 'callback', { role: 'agent' }),
      ),
    ).toBe('ILLEGAL_TRANSITION');
  });

  test('extension decisions need a pending request, and only one request may be pending', () => {
    const role = 'dispatcher' as const;
    expect(codeOf(() => assertCanTransition({ status: 'in_progress' }, 'approve-extension', { role }))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(
      assertCanTransition({ status: 'in_progress', extensionPending: true }, 'approve-extension', { role }),
    ).toBe('in_progress');
    expect(
      codeOf(() =>
        assertCanTransition({ status: 'in_progress', extensionPending: true }, 'request-extension', {
          role: 'unit_handler',
        }),
      ),
    ).toBe('ILLEGAL_TRANSITION');
  });

  test('resume returns the ticket to the status it had before it was suspended', () => {
    expect(
      assertCanTransition({ status: 'suspended', statusBeforeSuspend: 'reopened' }, 'resume', {
        role: 'supervisor',
      }),
    ).toBe('reopened');
    expect(
      codeOf(() =>
        assertCanTransition({ status: 'suspended', statusBeforeSuspend: null }, 'resume', {
          role: 'supervisor',
        }),
      ),
    ).toBe('ILLEGAL_TRANSITION');
  });

  test('availableActions lists what the role can do in that state', () => {
    expect(availableActions({ status: 'registered' }, 'dispatcher')).toEqual(
      expect.arrayContaining(['dispatch', 'answer', 'merge']),
    );
    expect(availableActions({ status: 'registered' }, 'unit_handler')).toEqual([]);
    expect(availableActions({ status: 'dispatched' }, 'unit_handler')).toEqual([
      'sign',
      'return',
      'subdispatch',
    ]);
    expect(availableActions({ status: 'resolved', callbackDone: false }, 'agent')).toEqual([
      'callback',
      'reopen',
    ]);
  });
});
