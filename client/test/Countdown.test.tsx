import { act, render, screen } from '@testing-library/react';
import { Countdown } from '../src/features/tickets/common/Countdown';
import { dueState } from '../src/features/tickets/common/dueState';
import { I18nProvider } from '../src/i18n/I18nProvider';

const NOW = new Date('2025-06-02T10:00:00.000Z').getTime();
const at = (ms: number) => new Date(NOW + ms).toISOString();
const HOUR = 3600_000;

function renderCountdown(dueAt: string | null, overdue = false) {
  return render(
    <I18nProvider initialLang="zh">
      <Countdown dueAt={dueAt} overdue={overdue} />
    </I18nProvider>,
  );
}

describe('Countdown', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(NOW);
  });
  afterEach(() => jest.useRealTimers());

  it('shows an overdue deadline in red with the time since it passed', () => {
    renderCountdown(at(-(HOUR + 5 * 60_000)));
    const el = screen.getByTestId('countdown');
    expect(el).toHaveAttribute('data-state', 'overdue');
    expect(el).toHaveStyle({ color: '#cf1322' });
    expect(el).toHaveTextContent('超期 01:05:00');
  });

  it('turns orange under two hours left', () => {
    renderCountdown(at(90 * 60_000));
    const el = screen.getByTestId('countdown');
    expect(el).toHaveAttribute('data-state', 'warning');
    expect(el).toHaveStyle({ color: '#d46b08' });
    expect(el).toHaveTextContent('剩余 01:30:00');
  });

  it('stays in the normal colour with days left and counts down every second', () => {
    renderCountdown(at(26 * HOUR));
    const el = screen.getByTestId('countdown');
    expect(el).toHaveAttribute('data-state', 'normal');
    expect(el).toHaveTextContent('剩余 1天 02:00:00');
    act(() => {
      jest.advanceTimersByTime(3000);
    });
    expect(screen.getByTestId('countdown')).toHaveTextContent('剩余 1天 01:59:57');
  });

  it('believes the server when it says the ticket is overdue', () => {
    renderCountdown(at(5 * HOUR), true);
    expect(screen.getByTestId('countdown')).toHaveAttribute('data-state', 'overdue');
  });

  it('shows a dash without a deadline', () => {
    renderCountdown(null);
    expect(screen.getByTestId('countdown')).toHaveTextContent('—');
  });
});

describe('dueState', () => {
  it('bands a deadline by the time left', () => {
    expect(dueState(null, NOW)).toBe('none');
    expect(dueState(at(3 * HOUR), NOW)).toBe('normal');
    expect(dueState(at(2 * HOUR - 1), NOW)).toBe('warning');
    expect(dueState(at(0), NOW)).toBe('overdue');
  });
});
