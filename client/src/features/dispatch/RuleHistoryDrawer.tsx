import type { TDispatchRuleDto, TDispatchRuleVersionDto, TLine } from '@hotline/shared';
import { Alert, Drawer, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import { errorMessage } from '../../api/errorMessage';
import { lineLabel } from '../../i18n/labels';
import { useI18n } from '../../i18n/useI18n';
import type { TMessageKey } from '../../i18n/zh';
import { useLoad } from '../polls/useLoad';
import { formatDateTime } from '../tickets/common/format';
import { catalogueApi } from './dispatchApi';
import { ruleChanges, type TRuleChange, type TRuleField } from './ruleHistory';

const FIELD_LABELS: Record<TRuleField, TMessageKey> = {
  category: 'dispatch.rule.category',
  district: 'dispatch.rule.district',
  line: 'dispatch.rule.line',
  lead: 'dispatch.rule.lead',
  assisting: 'dispatch.rule.assisting',
  note: 'dispatch.rule.note',
};

const CHANGE_COLORS: Record<TDispatchRuleVersionDto['change'], string> = {
  created: 'green',
  updated: 'blue',
  deleted: 'red',
};

/** Who changed a rule, when, and which fields, newest first. */
export function RuleHistoryDrawer({ rule, onClose }: { rule: TDispatchRuleDto; onClose: () => void }) {
  const { t, lang } = useI18n();
  const versions = useLoad(`rule-versions:${rule.id}`, (signal) => catalogueApi.versions(rule.id, signal));
  const items = [...(versions.data?.items ?? [])].sort((a, b) => b.version - a.version);

  const show = (field: TRuleField, value: string | null): string => {
    if (value === null) {
      if (field === 'district') return t('dispatch.rule.allDistricts');
      if (field === 'line') return t('dispatch.rule.allLines');
      return '—';
    }
    return field === 'line' ? lineLabel(value as TLine, lang) : value;
  };
  const describe = (c: TRuleChange, created: boolean) => {
    const field = t(FIELD_LABELS[c.field]);
    return created
      ? t('dispatch.history.set', { field, value: show(c.field, c.after) })
      : t('dispatch.history.changed', {
          field,
          before: show(c.field, c.before),
          after: show(c.field, c.after),
        });
  };

  return (
    <Drawer
      open
      size={480}
      title={t('dispatch.history.title', { name: `${rule.categoryCode} ${rule.categoryName}` })}
      onClose={onClose}
      destroyOnHidden
    >
      {versions.error != null && <Alert type="error" showIcon title={errorMessage(versions.error, t)} />}
      {versions.loading ? (
        <Spin />
      ) : !items.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.history.empty')} />
      ) : (
        <Timeline
          data-testid="rule-history"
          items={items.map((v, i) => {
            const previous = items[i + 1]?.snapshot ?? null;
            const changes = v.change === 'deleted' ? [] : ruleChanges(previous, v.snapshot);
            return {
              key: v.version,
              color: CHANGE_COLORS[v.change],
              content: (
                <div data-testid={`rule-version-${v.version}`}>
                  <div>
                    <Typography.Text strong>v{v.version}</Typography.Text>{' '}
                    <Tag color={CHANGE_COLORS[v.change]}>{t(`dispatch.history.change.${v.change}`)}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {v.changedByName ?? t('dispatch.history.unknownUser')} · {formatDateTime(v.changedAt)}
                    </Typography.Text>
                  </div>
                  {v.change !== 'deleted' &&
                    (changes.length ? (
                      <ul className="timeline-list">
                        {changes.map((c) => (
                          <li key={c.field}>{describe(c, previous === null)}</li>
                        ))}
                      </ul>
                    ) : (
                      <Typography.Text type="secondary">{t('dispatch.history.noChange')}</Typography.Text>
                    ))}
                </div>
              ),
            };
          })}
        />
      )}
    </Drawer>
  );
}
