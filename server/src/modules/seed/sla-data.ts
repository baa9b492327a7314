/**
 * The SLA policies a city hotline runs with. Every policy carries all three clocks (sign,
 * handle, callback); null line/type/urgency means "any", the most specific match wins.
 *
 * Urgency must beat type: a 特急 complaint is due in 2 hours, not in 15 working days. A
 * matcher that only counts non-null fields would see "type = complaint" and "urgency =
 * critical" as equally specific, so every type × urgency pair gets its own policy too and
 * the outcome does not depend on how a matcher breaks ties.
 */
import {
  TICKET_TYPES,
  TYPE_LABELS,
  URGENCY_LABELS,
  type TSlaPolicyInput,
  type TTicketType,
} from '@hotline/shared';

export type TSlaPolicySeed = Required<TSlaPolicyInput>;

const WARN_RATIO = 0.75;
const SIGN = { signAmount: 2, signUnit: 'working_hours' } as const;
const CALLBACK = { callbackAmount: 2, callbackUnit: 'working_days' } as const;

/** Handling time in working days for ordinary tickets, by type. */
const HANDLE_DAYS_BY_TYPE: Record<TTicketType, number> = {
  consultation: 3,
  help: 5,
  complaint: 15,
  report: 15,
  suggestion: 10,
  praise: 5,
  other: 5,
};

const URGENT = {
  ...SIGN,
  handleAmount: 1,
  handleUnit: 'working_days',
  ...CALLBACK,
} as const;

// Handled within 2 wall-clock hours, nights and holidays included; a 2-working-hour sign-for
// window would outlast that, so signing is due within 30 minutes of wall time.
const CRITICAL = {
  signAmount: 0.5,
  signUnit: 'calendar_hours',
  handleAmount: 2,
  handleUnit: 'calendar_hours',
  ...CALLBACK,
} as const;

const byType: TSlaPolicySeed[] = TICKET_TYPES.map((type) => ({
  name: `${TYPE_LABELS[type].zh}类工单`,
  line: null,
  type,
  urgency: null,
  ...SIGN,
  handleAmount: HANDLE_DAYS_BY_TYPE[type],
  handleUnit: 'working_days',
  ...CALLBACK,
  warnRatio: WARN_RATIO,
}));

const byUrgency = (['urgent', 'critical'] as const).flatMap((urgency): TSlaPolicySeed[] => {
  const clocks = urgency === 'urgent' ? URGENT : CRITICAL;
  const label = URGENCY_LABELS[urgency].zh;
  return [
    { name: `${label}工单`, line: null, type: null, urgency, ...clocks, warnRatio: WARN_RATIO },
    ...TICKET_TYPES.map((type) => ({
      name: `${label}·${TYPE_LABELS[type].zh}`,
      line: null,
      type,
      urgency,
      ...clocks,
      warnRatio: WARN_RATIO,
    })),
  ];
});

export const DEFAULT_SLA_POLICY_NAME = '默认时限';

/** Names are the upsert key of the seed: renaming one here creates a second row. */
export const SLA_POLICIES: readonly TSlaPolicySeed[] = [
  {
    name: DEFAULT_SLA_POLICY_NAME,
    line: null,
    type: null,
    urgency: null,
    ...SIGN,
    handleAmount: 5,
    handleUnit: 'working_days',
    ...CALLBACK,
    warnRatio: WARN_RATIO,
  },
  ...byType,
  ...byUrgency,
  {
    // Discipline reports (12388) are investigated, not answered: 15 working days whatever the type.
    name: '12388纪检监察举报',
    line: '12388',
    type: null,
    urgency: null,
    ...SIGN,
    handleAmount: 15,
    handleUnit: 'working_days',
    ...CALLBACK,
    warnRatio: WARN_RATIO,
  },
];
