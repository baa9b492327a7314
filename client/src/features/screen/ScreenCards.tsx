import type { TScreenLive } from '@hotline/shared';
import { useI18n } from '../../i18n/useI18n';
import { formatRate } from '../stats/overviewLinks';

type TOpenKind = 'open' | 'warning' | 'overdue';

/** The headline figures across the top of the big screen; those with tickets behind them are buttons. */
export function ScreenCards({
  data,
  onTickets,
  onOnTime,
  onSatisfaction,
  onOpen,
}: {
  data: TScreenLive;
  onTickets: () => void;
  onOnTime: () => void;
  onSatisfaction: () => void;
  onOpen: (which: TOpenKind) => void;
}) {
  const { t } = useI18n();
  const card = (
    id: string,
    title: string,
    value: string | number,
    onClick?: () => void,
    tone: '' | 'warning' | 'danger' = '',
  ) => {
    const inner = (
      <>
        <div className="screen-card-label">{title}</div>
        <div className={`screen-card-value ${tone}`} data-testid={`screen-${id}`}>
          {value}
        </div>
      </>
    );
    return onClick ? (
      <button
        key={id}
        type="button"
        className="screen-card"
        onClick={onClick}
        data-testid={`screen-card-${id}`}
      >
        {inner}
      </button>
    ) : (
      <div key={id} className="screen-card">
        {inner}
      </div>
    );
  };
  const wait = data.calls.avgWaitSeconds;
  return (
    <section className="screen-cards">
      {card('tickets-today', t('screen.ticketsToday'), data.tickets.total, onTickets)}
      {card('calls-answered', t('screen.callsAnswered'), data.calls.answered)}
      {card('answer-rate', t('screen.answerRate'), formatRate(data.calls.answerRate))}
      {card('avg-wait', t('screen.avgWait'), wait === null ? '—' : t('screen.seconds', { n: wait }))}
      {card('three-way', t('screen.threeWay'), data.calls.threeWay)}
      {card('on-time', t('screen.onTimeToday'), formatRate(data.rates.onTimeRate), onOnTime)}
      {card(
        'satisfaction',
        t('screen.satisfactionToday'),
        formatRate(data.rates.satisfactionRate),
        onSatisfaction,
      )}
      {card('open', t('screen.open'), data.open.open, () => onOpen('open'))}
      {card(
        'warning',
        t('screen.warning'),
        data.open.warning,
        () => onOpen('warning'),
        data.open.warning ? 'warning' : '',
      )}
      {card(
        'overdue',
        t('screen.overdue'),
        data.open.overdue,
        () => onOpen('overdue'),
        data.open.overdue ? 'danger' : '',
      )}
    </section>
  );
}
