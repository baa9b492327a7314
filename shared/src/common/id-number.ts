import { z } from 'zod';

/** 身份证号码: 17 digits and a digit or X (checked by the ISO 7064 MOD 11-2 check character). */
export const ZIdNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{17}[\dX]$/, '18 位身份证号码 (17 digits and a digit or X)')
  .refine(idNumberChecksumOk, '身份证号码校验位不正确 (check digit)');

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idNumberChecksumOk(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17];
}
