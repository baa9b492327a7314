import { UnorderedListOutlined } from '@ant-design/icons';
import type { TTicketAction, TTicketRealtimeMessage, TTicketSummary } from '@hotline/shared';
import { Alert, Badge, Button, Card, Flex, Result, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { Link } from '../../router/Link';
import { navigate, paths } from '../../router/router';
import { useCurrentUser } from '../auth/useSession';
import { Countdown } from '../tickets/common/Countdown';
import { QueueError, QueueFooter, queueCount } from './QueueParts';
import { TicketActionLauncher } from './TicketActionLauncher';
import { UnitQueueTable } from './UnitQueueTable';
import { useQueue } from './useQueue';
import { canUseUnitDesk } from './workbenchAccess';
import './workbench.css';

type TTab = 'todo' | 'signoff';

// Units receive only their own tickets' events: any new one may be theirs to do or to sign off.
const joinsAny = () => true;
const SIGNOFF_ACTIONS: TTicketAction[] = ['signoff-reply', 'return-draft'];

/** 督办件 pinned above the queue: red cards first, each a way into the ticket. */
function SupervisionPins({ items }: { items: TTicketSummary[] }) {
  const { t } = useI18n();
  const pinned = items
    .filter((i) => i.supervisionLevel === 'red' || i.supervisionLevel === 'yellow')
    .sort((a, b) => (a.supervisionLevel === b.supervisionLevel ? 0 : a.supervisionLevel === 'red' ? -1 : 1));
  if (!pinned.length) return null;
  return (
    <section className="wb-pins" aria-label={t('unitDesk.pinned')} data-testid="supervision-pins">
      <Typography.Text strong>{t('unitDesk.pinned')}</Typography.Text>{' '}
      <Typography.Text type="secondary">{t('unitDesk.pinnedHint')}</Typography.Text>
      <Flex vertical gap={6} style={{ marginTop: 6, marginBottom: 12 }}>
        {pinned.map((i) => (
          <Alert
            key={i.id}
            type={i.supervisionLevel === 'red' ? 'error' : 'warning'}
            showIcon
            data-testid={`pin-${i.no}`}
            data-level={i.supervisionLevel}
            title={
              <Flex gap={8} wrap align="center">
                <Typography.Text strong>
                  {t('unitDesk.supervised', { level: t(`supervision.${i.supervisionLevel!}`) })}
                </Typography.Text>
                <Link to={paths.detail(i.id)} aria-label={t('wb.open', { no: i.no })}>
                  {i.no}
                </Link>
                <span>{i.title}</span>
                <Countdown
                  dueAt={i.nextDeadline?.dueAt ?? i.dueAt}
                  overdue={i.nextDeadline?.state === 'breached' || i.overdue}
                  kind={i.nextDeadline?.kind ?? i.dueKind}
                  showKind
                />
              </Flex>
            }
          />
        ))}
      </Flex>
    </section>
  );
}

/**
 * 办理工作台: the unit's open assignments by urgency with live countdowns and quick actions; a
 * unit manager also signs off the replies the handlers drafted (待签发).
 */
export function UnitDeskPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const allowed = canUseUnitDesk(user);
  const manager = user.role === 'unit_manager';
  const [tab, setTab] = useState<TTab>('todo');
  const [launched, setLaunched] = useState<{ ticketId: string; action: TTicketAction } | null>(null);
  const todo = useQueue({ queue: 'unit_urgent' }, joinsAny, allowed);
  const signoff = useQueue(
    { awaitingSignoff: true },
    (m: TTicketRealtimeMessage) => m.type === 'ticket.reply_submitted',
    allowed && manager,
  );

  if (!allowed) return <Result status="403" title={t('wb.forbidden')} />;
  const launch = (ticketId: string, action: TTicketAction) => setLaunched({ ticketId, action });

  const todoPane = (
    <>
      <QueueError queue={todo} />
      <SupervisionPins items={todo.items} />
      <UnitQueueTable
        items={todo.items}
        loading={todo.loading}
        user={user}
        launch={launch}
        testId="unit-todo"
      />
      <QueueFooter queue={todo} />
    </>
  );

  return (
    <Card
      data-testid="unit-desk"
      title={
        <Flex vertical gap={0}>
          <span>{t('unitDesk.title')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('unitDesk.hint')}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Button icon={<UnorderedListOutlined />} onClick={() => navigate(paths.list())}>
          {t('unitDesk.plainList')}
        </Button>
      }
      styles={{ body: { paddingTop: manager ? 4 : 12 } }}
    >
      {manager ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as TTab)}
          items={[
            {
              key: 'todo',
              label: (
                <Flex gap={6} align="center">
                  {t('unitDesk.tab.todo')}
                  <Badge count={queueCount(todo.items, todo.hasMore)} showZero color="#1677ff" />
                </Flex>
              ),
              children: todoPane,
            },
            {
              key: 'signoff',
              label: (
                <Flex gap={6} align="center">
                  {t('unitDesk.tab.signoff')}
                  <Badge
                    count={queueCount(signoff.items, signoff.hasMore)}
                    showZero
                    color="#722ed1"
                    data-testid="badge-signoff"
                  />
                </Flex>
              ),
              children: (
                <>
                  <Typography.Paragraph type="secondary">{t('unitDesk.signoffHint')}</Typography.Paragraph>
                  <QueueError queue={signoff} />
                  <UnitQueueTable
                    items={signoff.items}
                    loading={signoff.loading}
                    user={user}
                    launch={launch}
                    testId="unit-signoff"
                    actionsFor={() => SIGNOFF_ACTIONS}
                  />
                  <QueueFooter queue={signoff} />
                </>
              ),
            },
          ]}
        />
      ) : (
        todoPane
      )}
      {launched && (
        <TicketActionLauncher
          key={`${launched.ticketId}:${launched.action}`}
          ticketId={launched.ticketId}
          action={launched.action}
          onClose={() => setLaunched(null)}
          onDone={() => {
            setLaunched(null);
            void todo.refresh();
            if (manager) void signoff.refresh();
          }}
        />
      )}
    </Card>
  );
}
