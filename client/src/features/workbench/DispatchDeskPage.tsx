import type { TTicketAction, TTicketRealtimeMessage } from '@hotline/shared';
import { Badge, Card, Flex, Result, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { useCurrentUser } from '../auth/useSession';
import { ExtensionTable, ReturnedTable, ToDispatchTable } from './DispatchDeskTables';
import { QueueError, QueueFooter, queueCount } from './QueueParts';
import { TicketActionLauncher } from './TicketActionLauncher';
import { useQueue } from './useQueue';
import { canUseDispatchDesk } from './workbenchAccess';
import './workbench.css';

type TTab = 'to_dispatch' | 'returned' | 'extension_requests';

/** What may bring a ticket not on screen into each queue (the rows on screen always re-read). */
const joinsToDispatch = (m: TTicketRealtimeMessage) => m.status === 'registered';
const joinsReturned = (m: TTicketRealtimeMessage) => m.status === 'returned';
const joinsExtensions = (m: TTicketRealtimeMessage) => m.type === 'ticket.extension_requested';

/** 派单台: registered tickets to dispatch, returns to decide, extension requests to approve. */
export function DispatchDeskPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const allowed = canUseDispatchDesk(user);
  // Admins look over the desk; the actions are the dispatchers' (the transition table).
  const canAct = user.role === 'dispatcher';
  const [tab, setTab] = useState<TTab>('to_dispatch');
  const [launched, setLaunched] = useState<{ ticketId: string; action: TTicketAction } | null>(null);
  const toDispatch = useQueue({ queue: 'to_dispatch' }, joinsToDispatch, allowed);
  const returned = useQueue({ queue: 'returned' }, joinsReturned, allowed);
  const extensions = useQueue({ queue: 'extension_requests' }, joinsExtensions, allowed);

  if (!allowed) return <Result status="403" title={t('wb.forbidden')} />;

  const launch = (ticketId: string, action: TTicketAction) => setLaunched({ ticketId, action });
  const queues = { to_dispatch: toDispatch, returned, extension_requests: extensions };
  const label = (key: TTab, text: string) => (
    <Flex gap={6} align="center">
      <span>{text}</span>
      <Badge
        count={queueCount(queues[key].items, queues[key].hasMore)}
        showZero
        color={key === 'to_dispatch' ? '#1677ff' : key === 'returned' ? '#c41d7f' : '#d46b08'}
        data-testid={`badge-${key}`}
      />
    </Flex>
  );

  return (
    <Card
      data-testid="dispatch-desk"
      title={
        <Flex vertical gap={0}>
          <span>{t('dispatchDesk.title')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('dispatchDesk.hint')}
          </Typography.Text>
        </Flex>
      }
      styles={{ body: { paddingTop: 4 } }}
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as TTab)}
        items={[
          {
            key: 'to_dispatch',
            label: label('to_dispatch', t('dispatchDesk.tab.toDispatch')),
            children: (
              <>
                <QueueError queue={toDispatch} />
                <ToDispatchTable
                  items={toDispatch.items}
                  loading={toDispatch.loading}
                  canAct={canAct}
                  launch={launch}
                  onDispatched={toDispatch.remove}
                  onStale={() => void toDispatch.refresh()}
                />
                <QueueFooter queue={toDispatch} />
              </>
            ),
          },
          {
            key: 'returned',
            label: label('returned', t('dispatchDesk.tab.returned')),
            children: (
              <>
                <QueueError queue={returned} />
                <ReturnedTable
                  items={returned.items}
                  loading={returned.loading}
                  canAct={canAct}
                  launch={launch}
                />
                <QueueFooter queue={returned} />
              </>
            ),
          },
          {
            key: 'extension_requests',
            label: label('extension_requests', t('dispatchDesk.tab.extensions')),
            children: (
              <>
                <QueueError queue={extensions} />
                <ExtensionTable
                  items={extensions.items}
                  loading={extensions.loading}
                  canAct={canAct}
                  launch={launch}
                />
                <QueueFooter queue={extensions} />
              </>
            ),
          },
        ]}
      />
      {launched && (
        <TicketActionLauncher
          key={`${launched.ticketId}:${launched.action}`}
          ticketId={launched.ticketId}
          action={launched.action}
          onClose={() => setLaunched(null)}
          onDone={(ticket) => {
            setLaunched(null);
            for (const q of Object.values(queues))
              if (q.items.some((i) => i.id === ticket.id)) q.remove(ticket.id);
          }}
        />
      )}
    </Card>
  );
}
