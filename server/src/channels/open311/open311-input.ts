import { ZPhone } from '@hotline/shared';
import { z } from 'zod';
import { gcj02ToWgs84 } from './gcj02';
import { Open311Error } from './open311-format';
import { ATTRIBUTES, type TService } from './open311-services';

/**
 * POST requests input: GeoReport v2 clients send `application/x-www-form-urlencoded` (the spec),
 * many send JSON. Both become one flat map of fields plus `attribute[code]` values, which is
 * then checked field by field. Anything we cannot read is a 400; nothing is stored before this
 * passes.
 */

export type TRawParams = { fields: Record<string, string>; attributes: Record<string, string | string[]> };

const ATTRIBUTE_KEY = /^attribute\[([^\]]{1,50})\](\[\])?$/;

function addAttribute(p: TRawParams, code: string, value: string, many: boolean) {
  const prev = p.attributes[code];
  if (many || prev !== undefined)
    p.attributes[code] = [...(prev === undefined ? [] : Array.isArray(prev) ? prev : [prev]), value];
  else p.attributes[code] = value;
}

function scalar(key: string, v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  throw new Open311Error(400, `${key} must be a string`);
}

export function parseBody(contentType: string | undefined, raw: Buffer): TRawParams {
  const type = (contentType ?? 'application/x-www-form-urlencoded').split(';')[0]!.trim().toLowerCase();
  const text = raw.toString('utf8');
  const p: TRawParams = { fields: Object.create(null), attributes: Object.create(null) };
  if (type === 'application/x-www-form-urlencoded') {
    for (const [key, value] of new URLSearchParams(text)) {
      const m = ATTRIBUTE_KEY.exec(key);
      if (m) addAttribute(p, m[1]!, value, Boolean(m[2]));
      // The first value of a repeated field counts, as in most form handlers.
      else if (!(key in p.fields)) p.fields[key] = value;
    }
    return p;
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Open311Error(400, 'The request body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new Open311Error(400, 'The request body must be a JSON object');
    for (const [key, value] of Object.entries(body)) {
      const m = ATTRIBUTE_KEY.exec(key);
      if (m) {
        for (const v of Array.isArray(value) ? value : [value])
          addAttribute(p, m[1]!, scalar(key, v), Array.isArray(value));
      } else if (key === 'attribute') {
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          throw new Open311Error(400, 'attribute must be an object of attribute codes');
        for (const [code, v] of Object.entries(value)) {
          if (code.length < 1 || code.length > 50) throw new Open311Error(400, 'attribute code is not valid');
          for (const item of Array.isArray(v) ? v : [v])
            addAttribute(p, code, scalar(`attribute[${code}]`, item), Array.isArray(v));
        }
      } else if (value !== null && value !== undefined) p.fields[key] = scalar(key, value);
    }
    return p;
  }
  throw new Open311Error(400, 'Send the request as application/x-www-form-urlencoded or application/json');
}

// Clients often send empty form fields for what they do not have: empty means absent.
const opt = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(max).optional(),
  );
const DEGREES = /^[+-]?\d{1,3}(\.\d{1,15})?$/;

const ZPostFields = z.object({
  jurisdiction_id: opt(100),
  service_code: opt(50),
  lat: opt(40),
  long: opt(40),
  address_string: opt(500),
  address_id: opt(100),
  email: opt(200).pipe(z.email().optional()),
  device_id: opt(100),
  account_id: opt(100),
  first_name: opt(40),
  last_name: opt(40),
  phone: opt(30),
  description: opt(4000),
  media_url: opt(1000).pipe(z.url({ protocol: /^https?$/ }).optional()),
  coord_system: opt(10),
});

/** A request that passed every check; coordinates are WGS84 by now. */
export type TSubmission = {
  serviceCode: string;
  lat: number | null;
  long: number | null;
  coordSystem: 'wgs84' | 'gcj02';
  addressString: string | null;
  addressId: string | null;
  email: string | null;
  deviceId: string | null;
  accountId: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  description: string | null;
  mediaUrl: string | null;
  attributes: Record<string, string>;
};

function coordinate(name: string, raw: string, max: number): number {
  const n = Number(raw);
  if (!DEGREES.test(raw) || !Number.isFinite(n) || Math.abs(n) > max)
    throw new Open311Error(400, `${name} must be a decimal number of degrees within ±${max}`);
  return n;
}

/** Checks the fields of a POST against the service; throws Open311Error(400) naming what is wrong. */
export function validateSubmission(p: TRawParams, service: TService | null): TSubmission {
  const parsed = ZPostFields.safeParse(p.fields);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new Open311Error(400, `${first.path.join('.') || 'request'}: ${first.message}`);
  }
  const f = parsed.data;
  if (!f.service_code) throw new Open311Error(400, 'service_code was not provided');
  if (!service) throw new Open311Error(400, `service_code ${f.service_code} was not found`);

  const coordSystem = (f.coord_system ?? 'wgs84').toLowerCase();
  if (coordSystem !== 'wgs84' && coordSystem !== 'gcj02')
    throw new Open311Error(400, 'coord_system must be wgs84 or gcj02');
  if ((f.lat === undefined) !== (f.long === undefined))
    throw new Open311Error(400, 'lat and long must be sent together');
  let lat: number | null = null;
  let long: number | null = null;
  if (f.lat !== undefined && f.long !== undefined) {
    lat = coordinate('lat', f.lat, 90);
    long = coordinate('long', f.long, 180);
    if (coordSystem === 'gcj02') ({ lat, lng: long } = gcj02ToWgs84({ lat, lng: long }));
  }
  if (lat === null && !f.address_string && !f.address_id)
    throw new Open311Error(400, 'A location is required: lat and long, address_string or address_id');

  let phone: string | null = null;
  if (f.phone) {
    phone = f.phone.replace(/[\s().]/g, '');
    if (!ZPhone.safeParse(phone).success) throw new Open311Error(400, 'phone is not a phone number');
  }

  const attributes: Record<string, string> = {};
  for (const def of ATTRIBUTES) {
    const v = p.attributes[def.code];
    if (v === undefined || v === '') continue;
    if (Array.isArray(v)) throw new Open311Error(400, `attribute[${def.code}] takes a single value`);
    if (!def.values.some((x) => x.key === v))
      throw new Open311Error(
        400,
        `attribute[${def.code}] must be one of ${def.values.map((x) => x.key).join(', ')}`,
      );
    attributes[def.code] = v;
  }

  return {
    serviceCode: service.code,
    lat,
    long,
    coordSystem,
    addressString: f.address_string ?? null,
    addressId: f.address_id ?? null,
    email: f.email ?? null,
    deviceId: f.device_id ?? null,
    accountId: f.account_id ?? null,
    firstName: f.first_name ?? null,
    lastName: f.last_name ?? null,
    phone,
    description: f.description ?? null,
    mediaUrl: f.media_url ?? null,
    attributes,
  };
}
