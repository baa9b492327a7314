import type { TTicketStatus } from './ticket-status';

/** A call the ticket came from, as the ticket screen lists it: the caller always masked. */
export type TTicketCallView = {
  id: string;
  callId: string;
  direction: string | null;
  callerMasked: string | null;
  agentName: string | null;
  agentExt: string | null;
  ringingAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  /** Seconds from ringing to hang-up, and of conversation (billable). */
  durationS: number | null;
  billsecS: number | null;
  threeWay: boolean;
  /** The CTI recording, for hotline staff only (null for everyone else or when there is none). */
  recordingUrl: string | null;
};

/** A file attached to the ticket; `downloadUrl` is an API path the signed-in console can open. */
export type TTicketAttachmentView = {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  createdAt: string;
  downloadUrl: string;
};

/** The other end of a merge: what the reader may know of it (a 12388 report shows only its number). */
export type TLinkedTicketView = {
  id: string;
  no: string;
  title: string;
  status: TTicketStatus;
  createdAt: string;
};

/** Everything linked to a ticket: its calls, its files and the parent / children of merges. */
export type TTicketLinksResponse = {
  calls: TTicketCallView[];
  attachments: TTicketAttachmentView[];
  /** Files this reader may not open (content of a 12388 report): counted, never listed. */
  hiddenAttachments: number;
  parent: TLinkedTicketView | null;
  children: TLinkedTicketView[];
};
