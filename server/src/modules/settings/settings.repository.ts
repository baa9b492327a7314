import {
  DISPATCH_SETTINGS_KEY,
  ZDispatchSettings,
  ZDispatchSettingsPatch,
  type TDispatchSettings,
} from '@hotline/shared';
import { eq } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import { settings } from '../../infra/db/schema';
import { parseInput } from '../../infra/http/validate';

/**
 * The dispatch settings in force: the stored row over the defaults. Read inside the action's
 * transaction (one primary-key lookup), so a change applies to the very next action.
 */
export async function getDispatchSettings(db: TDbOrTx): Promise<TDispatchSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, DISPATCH_SETTINGS_KEY));
  return ZDispatchSettings.parse(row?.value ?? {});
}

export async function updateDispatchSettings(
  db: TDbOrTx,
  patch: unknown,
  by: string | null,
  now: Date,
): Promise<TDispatchSettings> {
  const change = parseInput(ZDispatchSettingsPatch, patch);
  const next = ZDispatchSettings.parse({ ...(await getDispatchSettings(db)), ...change });
  await db
    .insert(settings)
    .values({ key: DISPATCH_SETTINGS_KEY, value: next, updatedBy: by, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value: next, updatedBy: by, updatedAt: now } });
  return next;
}
