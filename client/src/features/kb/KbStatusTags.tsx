import { Flex, Tag } from 'antd';
import { useI18n } from '../../i18n/useI18n';
import { KB_ARTICLE_STATUS_LABELS, type TKbArticleSummary } from '@hotline/shared';

const STATUS_COLORS = { draft: 'default', published: 'green', archived: 'default' } as const;

/** Status (only when not the ordinary 已发布), expiry and owner of an article, as tags. */
export function KbStatusTags({
  article,
  showOwner = false,
}: {
  article: Pick<TKbArticleSummary, 'status' | 'expired' | 'ownerUnitName' | 'version'>;
  showOwner?: boolean;
}) {
  const { t, label } = useI18n();
  return (
    <Flex gap={4} wrap component="span">
      {article.status !== 'published' && (
        <Tag color={STATUS_COLORS[article.status]}>{label(KB_ARTICLE_STATUS_LABELS[article.status])}</Tag>
      )}
      {article.expired && <Tag color="red">{t('kb.expired')}</Tag>}
      {showOwner && <Tag color="blue">{article.ownerUnitName}</Tag>}
    </Flex>
  );
}
