import { FlagFilled } from '@ant-design/icons';
import type { TSessionUser, TTicketAction, TTicketSummary } from '@hotline/shared';
import { Button, Flex, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../i18n/useI18n';
import { Countdown } from '../tickets/common/Countdown';
import { StatusTag, UrgencyTag } from '../tickets/common/Tags';
import { TicketCell } from './QueueParts';
import { quickActions } from './unitActions';
import { rowUrgency, useUrgencyClock } from './urgency';

type TProps = {
  items: TTicketSummary[];
  loading: boolean;
  user: Pick<TSessionUser, 'role' | 'unitCanDispatch'>;
  launch: (ticketId: string, action: TTicketAction) => void;
  testId: string;
  /** The 待签发 list has no per-unit deadline: it shows the ticket's and fixed actions. */
  actionsFor?: (row: TTicketSummary) => TTicketAction[];
};

const DANGER: readonly TTicketAction[] = ['return', 'return-draft'];

/** 督办 stands out at the top of the row: a solid band, red or yellow. */
export function SupervisionBanner({ level }: { level: TTicketSummary['supervisionLevel'] }) {
  const { t } = useI18n();
  if (level !== 'red' && level !== 'yellow') return null;
  return (
    <span className="wb-supervision-banner" data-level={level} data-testid="supervision-banner">
      <FlagFilled /> {t('unitDesk.supervised', { level: t(`supervision.${level}`) })}
    </span>
  );
}

/** The unit's rows, most urgent first, coloured by where their own deadline stands (live). */
export function UnitQueueTable({ items, loading, user, launch, testId, actionsFor }: TProps) {
  const { t } = useI18n();
  const now = useUrgencyClock(items);

  const columns: ColumnsType<TTicketSummary> = [
    {
      title: t('wb.col.ticket'),
      key: 'ticket',
      render: (_, r) => (
        <Flex vertical gap={2} align="flex-start">
          <SupervisionBanner level={r.supervisionLevel} />
          <TicketCell ticket={r} />
        </Flex>
      ),
    },
    {
      title: t('wb.col.status'),
      key: 'status',
      width: 96,
      render: (_, r) => <StatusTag status={r.status} />,
    },
    {
      title: t('wb.col.urgency'),
      key: 'urgency',
      width: 84,
      render: (_, r) => <UrgencyTag urgency={r.urgency} />,
    },
    {
      title: t('wb.col.due'),
      key: 'due',
      width: 230,
      render: (_, r) => {
        const next = r.nextDeadline;
        if (next === undefined)
          return <Countdown dueAt={r.dueAt} overdue={r.overdue} kind={r.dueKind} showKind />;
        if (!next) return '—';
        const state = rowUrgency(next, now);
        return (
          <Flex vertical gap={0}>
            {state === 'paused' ? (
              <Typography.Text type="secondary">
                {t(`due.kind.${next.kind}`)} · {t('unitDesk.paused')}
              </Typography.Text>
            ) : (
              <Countdown dueAt={next.dueAt} overdue={state === 'breached'} kind={next.kind} showKind />
            )}
            <Space size={4}>
              {(state === 'breached' || state === 'warning') && (
                <Tag color={state === 'breached' ? 'red' : 'orange'} data-testid="urgency-tag">
                  {t(`unitDesk.state.${state}`)}
                </Tag>
              )}
              {r.unitAssignment?.role === 'assist' && <Tag>{t('unitDesk.assist')}</Tag>}
            </Space>
          </Flex>
        );
      },
    },
    {
      title: t('wb.col.actions'),
      key: 'actions',
      width: 220,
      render: (_, r) => (
        <Space size={4} wrap>
          {r.unitAssignment?.status === 'awaiting_signoff' && user.role !== 'unit_manager' ? (
            <Tag color="orange" data-testid={`awaiting-signoff-${r.no}`}>
              {t('unitDesk.awaitingSignoff')}
            </Tag>
          ) : null}
          {(actionsFor ?? ((row) => quickActions(row, user)))(r).map((action) => (
            <Button
              key={action}
              size="small"
              type={DANGER.includes(action) ? 'default' : 'primary'}
              danger={DANGER.includes(action)}
              onClick={() => launch(r.id, action)}
              data-testid={`quick-${action}-${r.no}`}
            >
              {t(`action.${action}`)}
            </Button>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <Table<TTicketSummary>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: 900 }}
      locale={{ emptyText: t('wb.empty') }}
      rowClassName={(r) => {
        const state = r.nextDeadline ? rowUrgency(r.nextDeadline, now) : r.overdue ? 'breached' : 'none';
        return state === 'breached' ? 'wb-row-breached' : state === 'warning' ? 'wb-row-warning' : '';
      }}
      onRow={(r) =>
        ({
          'data-testid': `${testId}-row-${r.no}`,
          'data-urgency': r.nextDeadline ? rowUrgency(r.nextDeadline, now) : 'none',
        }) as object
      }
    />
  );
}
