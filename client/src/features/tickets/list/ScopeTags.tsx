import { CHANNEL_LABELS } from '@hotline/shared';
import { Flex, Tag } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../../i18n/useI18n';
import { useCategories, useUnits } from '../common/useReferenceData';
import type { TListScope } from './urlFilters';

/** The filters a link put on the list (channel, unit, category, period), removable in one click. */
export function ScopeTags({ scope, onClear }: { scope: TListScope; onClear: () => void }) {
  const { t, label } = useI18n();
  const units = useUnits();
  const categories = useCategories();
  const parts: string[] = [];
  if (scope.channel) parts.push(t('list.scope.channel', { name: label(CHANNEL_LABELS[scope.channel]) }));
  if (scope.unitId) {
    const name = units.items.find((u) => u.id === scope.unitId)?.name ?? '…';
    parts.push(t('list.scope.unit', { name }));
  }
  if (scope.categoryId) {
    const name = categories.items.find((c) => c.id === scope.categoryId)?.name ?? '…';
    parts.push(t('list.scope.category', { name }));
  }
  if (scope.from || scope.to) {
    const fmt = (v?: string) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '…');
    parts.push(t('list.scope.period', { from: fmt(scope.from), to: fmt(scope.to) }));
  }
  return (
    <Flex wrap gap={8} style={{ marginTop: 8 }} data-testid="list-scope">
      <Tag
        color="blue"
        closable
        onClose={(e) => {
          e.preventDefault();
          onClear();
        }}
        closeIcon={<span aria-label={t('list.scope.clear')}>×</span>}
      >
        {parts.join(' · ')}
      </Tag>
    </Flex>
  );
}
