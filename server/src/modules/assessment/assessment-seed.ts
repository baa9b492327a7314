import { DEFAULT_ASSESSMENT_CONFIG, DEFAULT_ASSESSMENT_NAME } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TTx } from '../../infra/db/client';

/**
 * The default assessment scheme, only while there is no scheme at all: an admin's edits (or a
 * deliberate deactivation) are never overwritten. Runs inside the reference seed's locked
 * transaction, so two seeds cannot both insert it.
 */
export async function seedDefaultAssessmentScheme(tx: TTx): Promise<void> {
  await tx.execute(sql`
    insert into assessment_schemes (name, config, active)
    select ${DEFAULT_ASSESSMENT_NAME}, ${JSON.stringify(DEFAULT_ASSESSMENT_CONFIG)}::jsonb, true
    where not exists (select 1 from assessment_schemes)`);
}
