import type { TChannel } from '../ticket/ticket-enums';
import type { TQualityField } from './data-quality';
import type { TReportSummary } from './kpi';

/** The answers of the reports API (server/src/modules/reports), shared with the console. */

export type TUnitReportRow = {
  unitId: string;
  code: string;
  name: string;
  kind: string;
  received: number;
  replied: number;
  repliedOnTime: number;
  onTimeRate: number | null;
  rated: number;
  satisfied: number;
  satisfactionRate: number | null;
  returned: number;
  redone: number;
};

export type TWorkReport = {
  from: string;
  to: string;
  /** How the period is named in the text: 上半年, 3月份, 一季度, 全年, or the dates. */
  periodLabel: string;
  summary: TReportSummary;
  byChannel: { channel: TChannel; name: string; tickets: number; online: boolean }[];
  byMonth: TReportSummary[];
  units: TUnitReportRow[];
  paragraph: string;
};

export type TDataQualityItem = {
  id: string;
  no: string;
  line: string;
  channel: string;
  createdAt: string;
  /** null for confidential (12388) tickets: the check names the fields, never their content. */
  title: string | null;
  missing: TQualityField[];
  timely: boolean;
};

export type TDataQualityReport = {
  from: string;
  to: string;
  /** Checked now, on the records as they are. */
  tickets: number;
  complete: number;
  timely: number;
  failing: number;
  missingByField: Partial<Record<TQualityField, number>>;
  /** As judged at registration and counted by the roll-up (kpi_channel_daily). */
  recorded: { tickets: number; complete: number; timely: number; rate: number | null };
  /** The failing tickets, oldest first (at most 500; `failing` is the full count). */
  items: TDataQualityItem[];
  truncated: boolean;
};
