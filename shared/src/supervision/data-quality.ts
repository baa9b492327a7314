/**
 * Data quality of a ticket record (数据质量), judged when it is registered and recorded on its
 * `ticket.created` event: complete (what the provincial platform requires is filled in) and
 * timely (registered promptly after the call). The roll-up counts both; the self-check lists them.
 */
export type TRecordForQuality = {
  channel: string;
  type: string;
  title: string;
  description: string;
  categoryId: string | null;
  districtId: string | null;
  address: string | null;
  hasCitizen: boolean;
};

export const QUALITY_FIELDS = [
  'title',
  'description',
  'categoryId',
  'districtId',
  'address',
  'citizen',
] as const;
export type TQualityField = (typeof QUALITY_FIELDS)[number];

/** A phone ticket should be registered within this many minutes of the call being answered. */
export const TIMELY_MINUTES = 30;

/** The fields a complete record lacks (consultations need no address or district). */
export function missingFields(r: TRecordForQuality): TQualityField[] {
  const missing: TQualityField[] = [];
  if (r.title.trim().length < 4) missing.push('title');
  if (r.description.trim().length < 10) missing.push('description');
  if (!r.categoryId) missing.push('categoryId');
  const needsPlace = r.type !== 'consultation';
  if (needsPlace && !r.districtId) missing.push('districtId');
  if (needsPlace && !(r.address && r.address.trim().length >= 4)) missing.push('address');
  if (!r.hasCitizen && r.channel === 'phone') missing.push('citizen');
  return missing;
}

/** Timely unless a linked call was answered more than TIMELY_MINUTES before registration. */
export function isTimely(registeredAt: Date, callAnsweredAt: Date | null): boolean {
  if (!callAnsweredAt) return true;
  return registeredAt.getTime() - callAnsweredAt.getTime() <= TIMELY_MINUTES * 60_000;
}
