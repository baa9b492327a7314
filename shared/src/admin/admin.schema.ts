import { z } from 'zod';
import { ROLES } from '../auth/roles';
import { refinePasswordWithUsername, ZPasswordSchema } from '../auth/password-policy';
import { LINES, TICKET_TYPES, UNIT_KINDS, URGENCIES } from '../ticket/ticket-enums';

const id = z.uuid();

export const ZCreateUnitSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{2,50}$/, 'letters, digits, _ . -'),
  name: z.string().trim().min(2).max(100),
  kind: z.enum(UNIT_KINDS),
  parentId: id,
  canDispatch: z.boolean().default(false),
});
// canDispatch is restated without its default: `.partial()` keeps zod defaults, so a PATCH that
// only flips replySignoff would otherwise reset canDispatch to false.
export const ZUpdateUnitSchema = ZCreateUnitSchema.omit({ code: true, parentId: true }).partial().extend({
  canDispatch: z.boolean().optional(),
  active: z.boolean().optional(),
  replySignoff: z.boolean().optional(),
});

export const ZCreateUserSchema = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[a-z0-9_.-]{3,50}$/, 'lower-case letters, digits, _ . -'),
    displayName: z.string().trim().min(1).max(100),
    role: z.enum(ROLES),
    unitId: id,
    password: ZPasswordSchema,
  })
  .superRefine(refinePasswordWithUsername);
export const ZUpdateUserSchema = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  role: z.enum(ROLES).optional(),
  unitId: id.optional(),
  active: z.boolean().optional(),
  password: ZPasswordSchema.optional(),
});

export const ZCreateCategorySchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z.]{1,30}$/),
  name: z.string().trim().min(1).max(100),
  parentId: id.nullable().default(null),
  defaultUnitId: id.nullable().default(null),
});
export const ZUpdateCategorySchema = ZCreateCategorySchema.omit({ code: true, parentId: true })
  .partial()
  .extend({ active: z.boolean().optional() });

export const DURATION_UNITS = ['working_days', 'working_hours', 'calendar_hours'] as const;

export const ZSlaPolicySchema = z.object({
  name: z.string().trim().min(1).max(100),
  line: z.enum(LINES).nullable().default(null),
  type: z.enum(TICKET_TYPES).nullable().default(null),
  urgency: z.enum(URGENCIES).nullable().default(null),
  signAmount: z.number().positive().max(1000),
  signUnit: z.enum(DURATION_UNITS),
  handleAmount: z.number().positive().max(1000),
  handleUnit: z.enum(DURATION_UNITS),
  callbackAmount: z.number().positive().max(1000),
  callbackUnit: z.enum(DURATION_UNITS),
  warnRatio: z.number().min(0.1).max(0.99).default(0.75),
});
export type TSlaPolicyInput = z.infer<typeof ZSlaPolicySchema>;

export const ZCalendarDaySchema = z.object({
  date: z.iso.date(),
  isWorkingDay: z.boolean(),
  name: z.string().trim().max(50).nullable().default(null),
});
export const ZCalendarUpsertSchema = z.object({ days: z.array(ZCalendarDaySchema).min(1).max(400) });
export const ZCalendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
