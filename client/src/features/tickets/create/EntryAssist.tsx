import { BulbOutlined, CopyOutlined } from '@ant-design/icons';
import {
  isConfidentialLine,
  type TDuplicateCandidate,
  type TLine,
  type TRoutingSuggestions,
} from '@hotline/shared';
import { Button, Card, Flex, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { apiGet, apiPost } from '../../../api/http';
import { useI18n } from '../../../i18n/useI18n';
import { DuplicateRow } from '../../dispatch/DispatchAssist';
import { SOURCE_COLORS, percent } from '../../dispatch/dispatchFormat';

/** What the agent has typed so far (the create form's values). */
export type TEntryDraft = {
  line: TLine;
  title?: string;
  description?: string;
  address?: string;
  categoryId?: string;
  /** Detected from the address (or the description) by the form. */
  districtId?: string;
  phone?: string;
};

/** Pause in typing before asking the server; a call-taker types fast, the server need not see every key. */
export const ASSIST_DEBOUNCE_MS = 400;
const MIN_TEXT = 4;

type TAssist = { suggestions: TRoutingSuggestions | null; duplicates: TDuplicateCandidate[] };

/**
 * Beside the create form while the agent types: likely duplicates (same caller, same place and
 * category, similar text: 并单 at registration) and the categories and units the router would
 * pick. A 12388 report asks nothing: it goes to 市纪委监委 whatever it says.
 */
export function EntryAssist({
  draft,
  onPickCategory,
}: {
  draft: TEntryDraft;
  onPickCategory: (categoryId: string) => void;
}) {
  const { t } = useI18n();
  const [assist, setAssist] = useState<TAssist>({ suggestions: null, duplicates: [] });
  const text = `${draft.title ?? ''} ${draft.description ?? ''}`.trim();
  const phone = draft.phone?.trim() ?? '';
  const address = draft.address?.trim() ?? '';
  const silent = isConfidentialLine(draft.line);
  const key = JSON.stringify([
    draft.line,
    text,
    phone,
    address,
    draft.categoryId ?? '',
    draft.districtId ?? '',
  ]);

  useEffect(() => {
    if (silent || (text.length < MIN_TEXT && phone.length < 5 && address.length < 3)) {
      setAssist({ suggestions: null, duplicates: [] });
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      const opts = { signal: abort.signal };
      const suggestions =
        text.length >= MIN_TEXT
          ? apiPost<TRoutingSuggestions>(
              '/routing/suggest',
              {
                title: draft.title ?? '',
                description: draft.description ?? '',
                categoryId: draft.categoryId,
                districtId: draft.districtId,
                line: draft.line,
              },
              opts,
            ).catch(() => null)
          : Promise.resolve(null);
      const duplicates = apiGet<{ items: TDuplicateCandidate[] }>('/tickets/duplicates', {
        ...opts,
        query: {
          phone: phone || undefined,
          address: address || undefined,
          categoryId: draft.categoryId,
          districtId: draft.districtId,
          title: draft.title?.trim() || undefined,
          description: draft.description?.trim() || undefined,
        },
      })
        .then((r) => r.items.filter((d) => d.reasons.length > 0))
        .catch(() => []);
      void Promise.all([suggestions, duplicates]).then(([s, d]) => {
        if (!abort.signal.aborted) setAssist({ suggestions: s, duplicates: d });
      });
    }, ASSIST_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
    // `key` stands for every input above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  if (silent) return null;
  const categories = assist.suggestions?.categories ?? [];
  const units = assist.suggestions?.units.slice(0, 3) ?? [];
  return (
    <Card size="small" className="entry-assist" data-testid="entry-assist">
      <Typography.Text strong>
        <CopyOutlined /> {t('dup.title')}
      </Typography.Text>
      {assist.duplicates.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 12px' }}>
          {t('dup.empty')}
        </Typography.Paragraph>
      ) : (
        <ul className="dispatch-duplicates" data-testid="entry-duplicates">
          {assist.duplicates.map((d) => (
            // Merging is for a registered ticket (the dispatch dialog); here the agent only looks.
            <DuplicateRow key={d.ticketId} candidate={d} canMerge={false} />
          ))}
        </ul>
      )}
      <Typography.Text strong>
        <BulbOutlined /> {t('suggest.title')}
      </Typography.Text>
      {categories.length === 0 && units.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {t('suggest.empty')}
        </Typography.Paragraph>
      ) : (
        <Flex vertical gap={6} style={{ marginTop: 4 }}>
          {categories.length > 0 && (
            <Flex wrap gap={4} data-testid="entry-categories">
              {categories.map((c) => (
                <Button
                  key={c.categoryId}
                  size="small"
                  onClick={() => onPickCategory(c.categoryId)}
                  aria-label={t('create.useCategory', { name: c.name })}
                >
                  {c.code} {c.name} · {percent(c.confidence)}
                </Button>
              ))}
            </Flex>
          )}
          {units.map((u) => (
            <span key={u.unitId} data-testid={`entry-unit-${u.unitId}`}>
              {u.unitName} <Typography.Text strong>{percent(u.confidence)}</Typography.Text>{' '}
              <Tag color={SOURCE_COLORS[u.reason]}>{t(`suggest.reason.${u.reason}`)}</Tag>
            </span>
          ))}
        </Flex>
      )}
    </Card>
  );
}
