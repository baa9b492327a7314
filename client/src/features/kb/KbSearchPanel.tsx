import { BookOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { KB_QUERY_MAX, type TKbArticleSummary } from '@hotline/shared';
import { Button, Card, Flex, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { KbArticleDrawer } from './KbArticleDrawer';
import { KbResultItem } from './KbResultItem';
import { kbApi } from './kbApi';
import { highlightTerms } from './kbText';
import './kb.css';

/** Pause in typing before searching: the agent is mid-sentence most of the time. */
export const KB_PANEL_DEBOUNCE_MS = 300;
const MIN_QUERY = 2;
const TOP = 5;

type TState = { query: string; items: TKbArticleSummary[]; loading: boolean; error: unknown };

/**
 * 知识库 beside the create form: the articles that best answer what the agent has typed so far
 * (title + description as the query), each openable, and citable to answer the citizen on the
 * spot (即时办结).
 */
export function KbSearchPanel({
  text,
  categoryId,
  onCite,
}: {
  text: string;
  categoryId?: string;
  onCite: (article: TKbArticleSummary) => void;
}) {
  const { t } = useI18n();
  const [state, setState] = useState<TState>({ query: '', items: [], loading: false, error: null });
  const [openId, setOpenId] = useState<string | null>(null);
  const query = text.trim().slice(0, KB_QUERY_MAX);

  useEffect(() => {
    if (query.length < MIN_QUERY) {
      setState({ query: '', items: [], loading: false, error: null });
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, loading: true }));
      kbApi.search({ q: query, categoryId, limit: TOP }, ctrl.signal).then(
        (r) => setState({ query, items: r.items.slice(0, TOP), loading: false, error: null }),
        (error: unknown) => {
          if ((error as Error)?.name !== 'AbortError') setState((s) => ({ ...s, loading: false, error }));
        },
      );
    }, KB_PANEL_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [query, categoryId]);

  const terms = highlightTerms(state.query);
  const cite = (a: TKbArticleSummary) => {
    setOpenId(null);
    onCite(a);
  };
  const citeButton = (a: TKbArticleSummary, primary = false) => (
    <Button
      size={primary ? 'middle' : 'small'}
      type={primary ? 'primary' : 'default'}
      icon={<CheckCircleOutlined />}
      aria-label={t('kb.panel.citeNamed', { title: a.title })}
      onClick={() => cite(a)}
    >
      {t('kb.panel.cite')}
    </Button>
  );

  return (
    <Card size="small" className="kb-panel" data-testid="kb-panel">
      <Flex justify="space-between" align="center">
        <Typography.Text strong>
          <BookOutlined /> {t('kb.panel.title')}
        </Typography.Text>
        {state.loading && <Spin size="small" />}
      </Flex>
      {state.error != null ? (
        <Typography.Paragraph type="danger" style={{ margin: '4px 0 0' }}>
          {t('kb.panel.failed', { message: errorMessage(state.error, t) })}
        </Typography.Paragraph>
      ) : !state.query ? (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {t('kb.panel.idle')}
        </Typography.Paragraph>
      ) : !state.items.length && !state.loading ? (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {t('kb.panel.empty')}
        </Typography.Paragraph>
      ) : (
        <ul className="kb-results" aria-label={t('kb.panel.title')} data-testid="kb-panel-results">
          {state.items.map((a) => (
            <KbResultItem
              key={a.id}
              article={a}
              terms={terms}
              compact
              onOpen={() => setOpenId(a.id)}
              actions={citeButton(a)}
            />
          ))}
        </ul>
      )}
      {openId && (
        <KbArticleDrawer
          articleId={openId}
          onClose={() => setOpenId(null)}
          extra={(article) => citeButton(article, true)}
        />
      )}
    </Card>
  );
}
