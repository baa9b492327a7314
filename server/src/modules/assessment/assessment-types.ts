import type { TUnitScore } from '@hotline/shared';

/** assessment_results.breakdown: a unit's score with what the reading pages need besides. */
export type TStoredUnitScore = TUnitScore & {
  tierLabel: string;
  /** Position of the tier in the scheme (tables follow it). */
  tierIndex: number;
  from: string;
  to: string;
  minReceived: number;
  /** Whether the unit was scored with the work of its subtree (drill-down level district). */
  subtree: boolean;
};
