import { STATUS_LABELS, type TKpiTicketItem } from '@hotline/shared';
import { Alert, Button, Drawer, Empty, Table } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { paths } from '../../router/router';
import { screenApi, type TDrill } from './screenApi';

/**
 * The tickets behind a figure of the big screen, in a drawer over it (the wall keeps running).
 * Ticket numbers open the ticket in a new tab.
 */
export function DrillDownDrawer({ drill, onClose }: { drill: TDrill | null; onClose: () => void }) {
  const { t, label } = useI18n();
  const [items, setItems] = useState<TKpiTicketItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!drill) return;
    const ctrl = new AbortController();
    setItems([]);
    setCursor(null);
    setError(null);
    setLoading(true);
    screenApi
      .drill(drill, null, ctrl.signal)
      .then((res) => {
        setItems(res.items);
        setCursor(res.nextCursor);
      })
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [drill]);

  const more = async () => {
    if (!drill || !cursor) return;
    setLoading(true);
    try {
      const res = await screenApi.drill(drill, cursor);
      setItems((prev) => [...prev, ...res.items]);
      setCursor(res.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      size={760}
      title={drill ? t('screen.drill.title', { what: drill.title }) : ''}
      destroyOnHidden
      rootClassName="screen-drawer"
    >
      {error ? (
        <Alert type="error" showIcon title={errorMessage(error, t)} style={{ marginBottom: 12 }} />
      ) : null}
      <Table<TKpiTicketItem>
        data-testid="screen-drill-table"
        size="small"
        loading={loading}
        pagination={false}
        rowKey={(r) => `${r.eventId}:${r.ticketId}`}
        dataSource={items}
        locale={{ emptyText: <Empty description={t('screen.drill.empty')} /> }}
        columns={[
          {
            key: 'no',
            title: t('screen.drill.no'),
            render: (_, r) => (
              <a
                href={paths.detail(r.ticketId)}
                target="_blank"
                rel="noreferrer"
                data-testid="screen-drill-ticket"
              >
                {r.no}
              </a>
            ),
          },
          { key: 'title', title: t('screen.drill.titleCol'), dataIndex: 'title', ellipsis: true },
          {
            key: 'status',
            title: t('screen.drill.status'),
            render: (_, r) => label(STATUS_LABELS[r.status]),
          },
          { key: 'day', title: t('screen.drill.day'), dataIndex: 'day', width: 110 },
          { key: 'unit', title: t('screen.drill.unit'), render: (_, r) => r.unitName ?? '—' },
        ]}
      />
      {cursor ? (
        <Button block style={{ marginTop: 12 }} onClick={() => void more()} loading={loading}>
          {t('screen.drill.more')}
        </Button>
      ) : null}
    </Drawer>
  );
}
