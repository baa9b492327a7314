import { z } from 'zod';
import type { TChannel } from '../ticket/ticket-enums';
import type { TTicketStatus } from '../ticket/ticket-status';

/** `date` is a China-time calendar day; without it the server takes today by its own clock. */
export const ZStatsOverviewQuery = z.object({
  date: z.iso.date().optional(),
});
export type TStatsOverviewQuery = z.infer<typeof ZStatsOverviewQuery>;

export type TOverviewUnit = { unitId: string; unitName: string; open: number; overdue: number };
export type TOverviewCategory = { categoryId: string; name: string; count: number };

/**
 * The supervisor's overview (监督总览). Day figures cover `date` in China time ([00:00, 24:00)
 * +08:00); workload figures (`open`, `byStatus`, `warning`, `overdue`, `topUnits`) are as of
 * `asOf`, whatever the date. Rates are fractions rounded to 4 decimals, null when nothing was
 * measured. Only tickets the reader may see are counted.
 */
export type TStatsOverview = {
  date: string;
  asOf: string;
  /** Tickets filed that day (drafts not yet registered are not counted). */
  received: number;
  byChannel: Record<TChannel, number>;
  /** Every ticket by its current status. */
  byStatus: Record<TTicketStatus, number>;
  /** Open workload now: every ticket not closed, merged or still a draft. */
  open: number;
  /** Open tickets whose current deadline has passed its warning point but not its due time. */
  warning: number;
  /** Open tickets whose current deadline is breached. */
  overdue: number;
  /** Of the reply deadlines met that day, the share met by their due time. */
  onTimeRate: number | null;
  /** Of the callbacks recorded that day, the share 满意 or 基本满意. */
  satisfactionRate: number | null;
  closedToday: number;
  /** Units by open assignments (pending, signed or awaiting sign-off), top 10. */
  topUnits: TOverviewUnit[];
  /** Categories of the tickets filed that day, top 10. */
  topCategories: TOverviewCategory[];
};
