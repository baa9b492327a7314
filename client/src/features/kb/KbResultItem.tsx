import { Button, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { Highlight } from './Highlight';
import { KbStatusTags } from './KbStatusTags';
import { formatPeriod } from './kbFormat';
import type { TKbArticleSummary } from '@hotline/shared';
import './kb.css';

/** One search hit: title and snippet with the query's words marked, owner, period and usage. */
export function KbResultItem({
  article,
  terms,
  onOpen,
  actions,
  compact = false,
}: {
  article: TKbArticleSummary;
  terms: readonly string[];
  onOpen: () => void;
  actions?: ReactNode;
  compact?: boolean;
}) {
  const { t } = useI18n();
  return (
    <li className="kb-result" data-testid={`kb-result-${article.id}`}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        {/* Named by the plain title: the marks inside would split it for a screen reader. */}
        <Button type="link" className="kb-result-title" aria-label={article.title} onClick={onOpen}>
          {/* One child: the button lays its children out with gaps, which would split the title. */}
          <span>
            <Highlight text={article.title} terms={terms} />
          </span>
        </Button>
        <KbStatusTags article={article} />
      </Flex>
      <p className="kb-snippet">
        <Highlight text={article.snippet} terms={terms} />
      </p>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary" className="kb-meta">
          {article.ownerUnitName} · {t('kb.usedTimes', { n: article.usageCount })}
          {!compact && ` · ${formatPeriod(t, article.effectiveFrom, article.expiresOn)}`}
        </Typography.Text>
        {actions}
      </Flex>
    </li>
  );
}
