import { Result } from 'antd';
import { useI18n } from '../../i18n/useI18n';
import { usePathname } from '../../router/router';
import { useCurrentUser } from '../auth/useSession';
import { PollDetailPage } from './PollDetailPage';
import { PollListPage } from './PollListPage';
import { canUsePolls, matchPollsPath } from './pollsAccess';

/** 民意调查 (12340): the campaign list, or one campaign with its sample. */
export function PollsPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const route = matchPollsPath(usePathname());
  if (!canUsePolls(user)) return <Result status="403" title={t('polls.forbidden')} />;
  return route?.name === 'poll' ? <PollDetailPage key={route.id} id={route.id} /> : <PollListPage />;
}
