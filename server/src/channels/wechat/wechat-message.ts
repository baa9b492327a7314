import { z } from 'zod';
import type { TWechatFields } from './wechat-xml';

/**
 * A pushed WeChat message or event, validated from the parsed XML fields. Supported types are
 * checked field by field; other message types (video, link…) and other events are still accepted
 * with their envelope checked, because the platform sends them and nothing accepted may be lost.
 */
export type TWechatMessage = {
  kind: 'message' | 'event';
  /** MsgType for messages (text, image, voice, location, …), Event for events (subscribe, CLICK, …). */
  type: string;
  /** The sender's OpenID. */
  from: string;
  /** The official account that received it (gh_…). */
  to: string;
  createTime: number;
  /** Kept as a string: it exceeds 2^53. Null for events. */
  msgId: string | null;
  eventKey: string | null;
  /** The citizen's words: Content, or the voice Recognition, or a location's Label. */
  content: string | null;
  /** Every other field, for the conversation message (PicUrl, MediaId, Location_X, …). */
  data: Record<string, string>;
};

const ZId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an OpenID or account id');
const ZDigits = (max: number) => z.string().regex(new RegExp(`^[0-9]{1,${max}}$`), 'digits');
const ZNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d{1,4}(\.\d{1,12})?$/, 'a decimal number')
    .refine((v) => Number(v) >= min && Number(v) <= max, 'out of range');
const ZShort = z.string().max(1024);
const ZUrl = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/\S+$/, 'an http(s) URL');

const ZEnvelope = z.object({
  ToUserName: ZId,
  FromUserName: ZId,
  CreateTime: ZDigits(12),
  MsgType: z.string().regex(/^[a-z_]{1,32}$/, 'a message type'),
});
const ZMsgId = z.object({ MsgId: ZDigits(24) });

/** Fields each supported type must carry, with their shapes. */
const MESSAGE_FIELDS: Record<string, z.ZodObject> = {
  text: z.object({ Content: z.string().min(1).max(8192) }),
  image: z.object({ PicUrl: ZUrl, MediaId: ZShort.min(1) }),
  voice: z.object({ MediaId: ZShort.min(1), Format: ZShort, Recognition: z.string().max(8192).optional() }),
  location: z.object({
    Location_X: ZNumber(-90, 90),
    Location_Y: ZNumber(-180, 180),
    Scale: ZDigits(3),
    Label: z.string().max(1024),
  }),
};
const EVENT_FIELDS: Record<string, z.ZodObject> = {
  subscribe: z.object({ EventKey: ZShort.optional() }),
  unsubscribe: z.object({}),
  CLICK: z.object({ EventKey: ZShort }),
  VIEW: z.object({ EventKey: z.string().max(2048) }),
  LOCATION: z.object({
    Latitude: ZNumber(-90, 90),
    Longitude: ZNumber(-180, 180),
    Precision: ZNumber(0, 1e5).optional(),
  }),
};
const ZEvent = z.object({
  Event: z.string().regex(/^[A-Za-z_]{1,40}$/, 'an event name'),
  EventKey: ZShort.optional(),
});

const ENVELOPE_KEYS = new Set([
  'ToUserName',
  'FromUserName',
  'CreateTime',
  'MsgType',
  'MsgId',
  'Event',
  'EventKey',
]);

export type TWechatMessageResult = { ok: true; message: TWechatMessage } | { ok: false; issues: string[] };

const issuesOf = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

/** Validates parsed fields as a WeChat push; the issues say which field is wrong (never its value). */
export function toWechatMessage(fields: TWechatFields): TWechatMessageResult {
  const env = ZEnvelope.safeParse(fields);
  if (!env.success) return { ok: false, issues: issuesOf(env.error) };
  const isEvent = env.data.MsgType === 'event';
  const head = isEvent ? ZEvent.safeParse(fields) : ZMsgId.safeParse(fields);
  if (!head.success) return { ok: false, issues: issuesOf(head.error) };
  const type = isEvent ? fields.Event! : env.data.MsgType;
  const specific = (isEvent ? EVENT_FIELDS : MESSAGE_FIELDS)[type];
  if (specific) {
    const r = specific.safeParse(fields);
    if (!r.success) return { ok: false, issues: issuesOf(r.error) };
  }
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (!ENVELOPE_KEYS.has(k)) data[k] = v;
  const content = isEvent
    ? null
    : (fields.Content ?? fields.Recognition ?? fields.Label ?? fields.Title ?? null);
  return {
    ok: true,
    message: {
      kind: isEvent ? 'event' : 'message',
      type,
      from: env.data.FromUserName,
      to: env.data.ToUserName,
      createTime: Number(env.data.CreateTime),
      msgId: isEvent ? null : (fields.MsgId ?? null),
      eventKey: isEvent ? (fields.EventKey ?? null) : null,
      content: content || null,
      data,
    },
  };
}

/** The dedupe key of a push: MsgId for messages, sender + CreateTime for events (WeChat's own advice). */
export function wechatDedupeKey(m: TWechatMessage): string {
  return m.kind === 'message' ? `msg:${m.msgId}` : `event:${m.from}:${m.createTime}`;
}
