import { z } from 'zod';

/**
 * The JSON the Weibo fan-service platform pushes (JSON mode; the platform's WeChat-XML
 * compatibility mode is not supported: the account is configured for JSON), e.g.
 *   { "type": "text", "receiver_id": 1902538057, "sender_id": 2489518277,
 *     "created_at": "Mon Jul 16 18:09:20 +0800 2012", "text": "…", "data": {} }
 * `receiver_id` is our account, `sender_id` the citizen. Ids arrive as numbers or strings; they
 * are kept as decimal strings (uids fit in 53 bits, and strings never lose precision).
 */
const ZWeiboId = z
  .union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,20}$/)])
  .transform((v) => String(v));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CREATED_AT =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/** Parses Weibo's `created_at` ("Mon Jul 16 18:09:20 +0800 2012"); null when it is not a real instant. */
export function parseWeiboCreatedAt(value: string): Date | null {
  const m = CREATED_AT.exec(value);
  if (!m) return null;
  const [, mon, day, hh, mi, ss, sign, oh, om, year] = m;
  const month = MONTHS.indexOf(mon!);
  const [d, h, min, s, y] = [day, hh, mi, ss, year].map(Number) as [number, number, number, number, number];
  if (month < 0 || h > 23 || min > 59 || s > 59 || Number(oh) > 14 || Number(om) > 59) return null;
  const local = Date.UTC(y, month, d, h, min, s);
  // Date.UTC rolls Feb 30 over into March: refuse dates that do not exist.
  if (new Date(local).getUTCDate() !== d) return null;
  const offsetMs = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return new Date(local - offsetMs);
}

const ZCreatedAt = z
  .string()
  .max(64)
  .refine(
    (v) => parseWeiboCreatedAt(v) !== null,
    'not a Weibo created_at ("Mon Jul 16 18:09:20 +0800 2012")',
  );

/** Coordinates come as strings ("116.308586") or numbers. */
const coordinate = (limit: number) =>
  z
    .union([z.number(), z.string().regex(/^\s*-?\d{1,3}(\.\d{1,12})?\s*$/)])
    .transform((v) => Number(v))
    .refine((v) => Number.isFinite(v) && Math.abs(v) <= limit, `a coordinate within ±${limit}`);

const base = {
  receiver_id: ZWeiboId,
  sender_id: ZWeiboId,
  created_at: ZCreatedAt,
  text: z.string().max(10_000).default(''),
};
const ZNoData = z.looseObject({}).default({});
const ZMediaData = z.looseObject({ vfid: ZWeiboId, tovfid: ZWeiboId.optional() });

export const ZWeiboPush = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('text'), data: ZNoData }),
  z.object({
    ...base,
    type: z.literal('position'),
    data: z.looseObject({ longitude: coordinate(180), latitude: coordinate(90) }),
  }),
  z.object({ ...base, type: z.literal('image'), data: ZMediaData }),
  z.object({ ...base, type: z.literal('voice'), data: ZMediaData }),
  // Public @-mentions of the account (when the account is authorised to receive them).
  z.object({ ...base, type: z.literal('mention'), data: ZNoData }),
  z.object({
    ...base,
    type: z.literal('event'),
    // follow / unfollow / subscribe / unsubscribe / scan / scan_follow / click / view …: unknown
    // subtypes are stored and answered with an empty body rather than refused.
    data: z.looseObject({
      subtype: z.string().regex(/^[a-z_]{1,32}$/),
      key: z.string().max(256).optional(),
    }),
  }),
]);
export type TWeiboPush = z.infer<typeof ZWeiboPush>;

/** The platform's retry key, as its documentation recommends: sender plus creation time. */
export function weiboExternalId(push: TWeiboPush): string {
  return `${push.sender_id}:${parseWeiboCreatedAt(push.created_at)!.getTime() / 1000}`;
}
