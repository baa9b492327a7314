import { buildActionBody, validateActionBody } from '../src/features/tickets/actions/actionBody';
import {
  defaultFilters,
  insertSorted,
  matchesFilters,
  toQuery,
} from '../src/features/tickets/list/listFilters';
import { makeSummary } from './support/fixtures';

describe('list filters', () => {
  it('asks for open tickets unless statuses are chosen', () => {
    expect(toQuery(defaultFilters('due_asc'))).toMatchObject({ open: true, sort: 'due_asc' });
    const q = toQuery(
      { ...defaultFilters('created_desc'), status: ['closed', 'merged'], overdue: true },
      'c2',
    );
    expect(q).toMatchObject({ status: 'closed,merged', overdue: true, cursor: 'c2' });
    expect(q.open).toBeUndefined();
  });

  it('matches a live ticket against the filters', () => {
    const f = { ...defaultFilters('created_desc'), line: ['12345' as const] };
    expect(matchesFilters(f, makeSummary())).toBe(true);
    expect(matchesFilters(f, makeSummary({ status: 'closed' }))).toBe(false);
    expect(matchesFilters(f, makeSummary({ line: '12315' }))).toBe(false);
    expect(matchesFilters({ ...f, overdue: true }, makeSummary())).toBe(false);
  });

  it('inserts by deadline and leaves late tickets for the next page', () => {
    const a = makeSummary({ id: 'a', dueAt: '2025-06-01T10:00:00Z' });
    const c = makeSummary({ id: 'c', dueAt: '2025-06-03T10:00:00Z' });
    const b = makeSummary({ id: 'b', dueAt: '2025-06-02T10:00:00Z' });
    const d = makeSummary({ id: 'd', dueAt: '2025-06-09T10:00:00Z' });
    expect(insertSorted([a, c], b, 'due_asc', false).map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(insertSorted([a, c], d, 'due_asc', true).map((t) => t.id)).toEqual(['a', 'c']);
    expect(insertSorted([a, c], d, 'due_asc', false).map((t) => t.id)).toEqual(['a', 'c', 'd']);
  });
});

describe('action bodies', () => {
  const unit = '0d1f8a8e-4c38-4d7e-9d5b-5a8d3c1f2e61';

  it('sends a dispatch with the expected version and without the lead among the assisting units', () => {
    const body = buildActionBody('dispatch', { unitId: unit, assistingUnitIds: [unit], note: ' ' }, 7);
    expect(body).toEqual({ expectedVersion: 7, note: undefined, unitId: unit, assistingUnitIds: [] });
    expect(validateActionBody('dispatch', body)).toBeNull();
  });

  it('sends a callback with the satisfaction', () => {
    const body = buildActionBody(
      'callback',
      { satisfaction: 'unsatisfied', resolved: false, comment: '没解决' },
      2,
    );
    expect(body).toMatchObject({
      satisfaction: 'unsatisfied',
      resolved: false,
      comment: '没解决',
      expectedVersion: 2,
    });
    expect(validateActionBody('callback', body)).toBeNull();
  });

  it('reports what the shared schema refuses', () => {
    expect(validateActionBody('return', buildActionBody('return', { reason: 'x' }, 1))).toMatch(/reason/);
  });
});
