import { BulbOutlined, CopyOutlined, ExportOutlined } from '@ant-design/icons';
import { useEffect } from 'react';
import type { TDuplicateCandidate, TUnitSuggestion } from '@hotline/shared';
import { Button, Flex, Skeleton, Space, Tag, Typography } from 'antd';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { paths } from '../../router/router';
import { useLoad } from '../polls/useLoad';
import { StatusTag } from '../tickets/common/Tags';
import { formatDateTime } from '../tickets/common/format';
import { routingApi } from './dispatchApi';
import { DUPLICATE_REASON_COLORS, SOURCE_COLORS, percent } from './dispatchFormat';

/** Only the few best units are worth a dispatcher's glance; the tree select has the rest. */
const MAX_SUGGESTIONS = 3;

type TProps = {
  ticketId: string;
  /** The lead unit the form holds now, to mark the suggestion it came from. */
  selectedUnitId: string | undefined;
  /** Whether this user may merge the ticket (the server's available actions). */
  canMerge: boolean;
  onPick: (suggestion: TUnitSuggestion) => void;
  /** The best suggestion once loaded: the form takes it unless the user already chose a unit. */
  onBest?: (suggestion: TUnitSuggestion) => void;
  onMerge: (candidate: TDuplicateCandidate) => void;
};

/** Above the dispatch form: the router's suggested units and the tickets this one may duplicate. */
export function DispatchAssist({ ticketId, selectedUnitId, canMerge, onPick, onBest, onMerge }: TProps) {
  const { t } = useI18n();
  const suggestions = useLoad(`suggestions:${ticketId}`, (signal) =>
    routingApi.suggestions(ticketId, signal),
  );
  const duplicates = useLoad(`duplicates:${ticketId}`, (signal) => routingApi.duplicates(ticketId, signal));
  const units = suggestions.data?.units.slice(0, MAX_SUGGESTIONS) ?? [];
  const best = units[0];
  useEffect(() => {
    if (best) onBest?.(best);
    // Once per loaded suggestion list, not on every render of the parent.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [best?.unitId]);
  // Candidates with no reason at all are only faint text matches: noise in a dispatcher's dialog.
  const likely = duplicates.data?.items.filter((d) => d.reasons.length > 0) ?? [];
  const categories = suggestions.data?.categories ?? [];
  const modelTrainedAt = suggestions.data?.modelTrainedAt ?? null;

  return (
    <div className="dispatch-assist" data-testid="dispatch-assist">
      <section aria-labelledby="dispatch-assist-suggest">
        <Flex justify="space-between" align="baseline" wrap gap={8}>
          <Typography.Text strong id="dispatch-assist-suggest">
            <BulbOutlined /> {t('suggest.title')}
          </Typography.Text>
          {suggestions.data && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {modelTrainedAt
                ? t('suggest.modelTrainedAt', { at: formatDateTime(modelTrainedAt) })
                : t('suggest.noModel')}
            </Typography.Text>
          )}
        </Flex>
        {suggestions.loading ? (
          <Skeleton active title={false} paragraph={{ rows: 1 }} />
        ) : suggestions.error != null ? (
          <Typography.Text type="secondary" data-testid="suggestions-failed">
            {t('suggest.failed', { message: errorMessage(suggestions.error, t) })}
          </Typography.Text>
        ) : units.length === 0 ? (
          <Typography.Text type="secondary">{t('suggest.empty')}</Typography.Text>
        ) : (
          <Flex gap={8} wrap className="dispatch-suggestions">
            {units.map((s) => {
              const chosen = s.unitId === selectedUnitId;
              const reason = t(`suggest.reason.${s.reason}`);
              return (
                <Button
                  key={s.unitId}
                  className="dispatch-suggestion"
                  data-testid={`suggestion-${s.unitId}`}
                  type={chosen ? 'primary' : 'default'}
                  ghost={chosen}
                  aria-pressed={chosen}
                  aria-label={t('suggest.pick', { unit: s.unitName, pct: percent(s.confidence), reason })}
                  onClick={() => onPick(s)}
                >
                  <Flex vertical align="flex-start" gap={2}>
                    <Space size={6}>
                      <span className="dispatch-suggestion-unit">{s.unitName}</span>
                      <Typography.Text strong>{percent(s.confidence)}</Typography.Text>
                      <Tag color={SOURCE_COLORS[s.reason]} style={{ marginInlineEnd: 0 }}>
                        {reason}
                      </Tag>
                    </Space>
                    {s.assisting?.length ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('suggest.assisting', { names: s.assisting.map((a) => a.name).join('、') })}
                      </Typography.Text>
                    ) : null}
                  </Flex>
                </Button>
              );
            })}
          </Flex>
        )}
        {categories.length > 0 && (
          <Flex gap={4} wrap align="center" style={{ marginTop: 8 }} data-testid="category-hints">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('suggest.categories')}
            </Typography.Text>
            {categories.map((c) => (
              <Tag key={c.categoryId} variant="outlined">
                {c.code} {c.name} · {percent(c.confidence)}
              </Tag>
            ))}
          </Flex>
        )}
      </section>

      <section aria-labelledby="dispatch-assist-dup" style={{ marginTop: 12 }}>
        <Typography.Text strong id="dispatch-assist-dup">
          <CopyOutlined /> {t('dup.title')}
        </Typography.Text>
        {duplicates.loading ? (
          <Skeleton active title={false} paragraph={{ rows: 1 }} />
        ) : duplicates.error != null ? (
          <div>
            <Typography.Text type="secondary">
              {t('dup.failed', { message: errorMessage(duplicates.error, t) })}
            </Typography.Text>
          </div>
        ) : likely.length === 0 ? (
          <div>
            <Typography.Text type="secondary">{t('dup.empty')}</Typography.Text>
          </div>
        ) : (
          <ul className="dispatch-duplicates">
            {likely.map((d) => (
              <DuplicateRow key={d.ticketId} candidate={d} canMerge={canMerge} onMerge={onMerge} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** One likely duplicate: link (new window), status, title, reasons; merge when the user may. */
export function DuplicateRow({
  candidate: d,
  canMerge,
  onMerge,
}: {
  candidate: TDuplicateCandidate;
  canMerge: boolean;
  onMerge?: (candidate: TDuplicateCandidate) => void;
}) {
  const { t } = useI18n();
  return (
    <li className="dispatch-duplicate" data-testid={`duplicate-${d.no}`}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Space size={6} wrap>
          {/* A new window, so the dispatcher does not lose the dialog while comparing. */}
          <a
            href={paths.detail(d.ticketId)}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={t('dup.open', { no: d.no })}
          >
            {d.no} <ExportOutlined />
          </a>
          <StatusTag status={d.status} />
          <span className="dispatch-duplicate-title" title={d.title}>
            {d.title}
          </span>
        </Space>
        {canMerge && onMerge && (
          <Button size="small" onClick={() => onMerge(d)} data-testid={`merge-into-${d.no}`}>
            {t('dup.mergeInto')}
          </Button>
        )}
      </Flex>
      <Space size={4} wrap style={{ marginTop: 2 }}>
        {d.reasons.map((r) => (
          <Tag key={r} color={DUPLICATE_REASON_COLORS[r]}>
            {t(`dup.reason.${r}`)}
          </Tag>
        ))}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dup.score', { pct: percent(d.score) })} · {formatDateTime(d.createdAt)}
        </Typography.Text>
      </Space>
    </li>
  );
}
