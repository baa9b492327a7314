import { SettingOutlined, TrophyOutlined } from '@ant-design/icons';
import type { TSessionUser } from '@hotline/shared';
import type { TTranslate } from '../../i18n/context';
import {
  MY_SCORE_PATH,
  RANKINGS_PATH,
  SCHEMES_PATH,
  canViewOwnScore,
  canViewRankings,
  matchAssessmentPath,
} from './assessmentAccess';

/** The shell's menu entries for 考核: rankings and schemes for supervisors, 本单位考核 for units. */
export function assessmentMenuItems(user: Pick<TSessionUser, 'role' | 'unitKind'>, t: TTranslate) {
  return [
    ...(canViewRankings(user)
      ? [
          { key: 'rankings', icon: <TrophyOutlined />, label: t('asmt.nav.rankings') },
          { key: 'schemes', icon: <SettingOutlined />, label: t('asmt.nav.schemes') },
        ]
      : []),
    ...(canViewOwnScore(user)
      ? [{ key: 'my-score', icon: <TrophyOutlined />, label: t('asmt.nav.mine') }]
      : []),
  ];
}

export const ASSESSMENT_TARGETS: Record<string, string> = {
  rankings: RANKINGS_PATH,
  schemes: SCHEMES_PATH,
  'my-score': MY_SCORE_PATH,
};

export function assessmentMenuKey(pathname: string): string | null {
  const m = matchAssessmentPath(pathname);
  if (!m) return null;
  return m.page === 'schemes' ? 'schemes' : m.page === 'mine' ? 'my-score' : 'rankings';
}
