import type { TAssignmentView } from '@hotline/shared';
import { Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { formatDateTime } from '../common/format';

const STATUS_COLORS: Record<TAssignmentView['status'], string> = {
  pending: 'gold',
  signed: 'blue',
  replied: 'purple',
  done: 'green',
  returned: 'magenta',
  cancelled: 'default',
  forwarded: 'geekblue',
  awaiting_signoff: 'orange',
};

/** An assignment in chain order, with how deep it was passed down and by whom. */
export type TAssignmentRow = TAssignmentView & { depth: number; forwardedBy: string | null };

/**
 * Puts every passed-down assignment (二级派单) right under the one it came from, so the table
 * reads 市 → 区分中心 → 街道. Anything whose parent is not in the list stays a root.
 */
export function chainOrder(assignments: TAssignmentView[]): TAssignmentRow[] {
  const byId = new Map(assignments.map((a) => [a.id, a]));
  const children = new Map<string | null, TAssignmentView[]>();
  for (const a of assignments) {
    const parent = a.parentAssignmentId && byId.has(a.parentAssignmentId) ? a.parentAssignmentId : null;
    children.set(parent, [...(children.get(parent) ?? []), a]);
  }
  const rows: TAssignmentRow[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const a of children.get(parent) ?? []) {
      rows.push({ ...a, depth, forwardedBy: parent ? (byId.get(parent)?.unitName ?? null) : null });
      walk(a.id, depth + 1);
    }
  };
  walk(null, 0);
  return rows;
}

export function AssignmentsTable({ assignments }: { assignments: TAssignmentView[] }) {
  const { t } = useI18n();
  const rows = useMemo(() => chainOrder(assignments), [assignments]);
  const columns: ColumnsType<TAssignmentRow> = [
    {
      title: t('asg.unit'),
      dataIndex: 'unitName',
      width: 190,
      render: (name: string, a) => (
        <div style={{ paddingInlineStart: a.depth * 16 }} data-testid={`asg-unit-${a.id}`}>
          {a.depth > 0 && (
            <span className="asg-chain-mark" aria-hidden>
              ↳{' '}
            </span>
          )}
          {name}
          {a.forwardedBy && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('asg.forwardedFrom', { unit: a.forwardedBy })}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('asg.role'),
      dataIndex: 'role',
      width: 70,
      render: (role: TAssignmentView['role']) => (
        <Tag color={role === 'lead' ? 'blue' : 'default'}>{t(`asg.role.${role}`)}</Tag>
      ),
    },
    {
      title: t('asg.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: TAssignmentView['status'], a) => (
        <Tag
          color={STATUS_COLORS[s]}
          title={s === 'forwarded' && a.forwardedAt ? formatDateTime(a.forwardedAt) : undefined}
        >
          {t(`asg.status.${s}`)}
        </Tag>
      ),
    },
    {
      title: t('asg.progress'),
      key: 'progress',
      width: 130,
      render: (_: unknown, a) => <AssignmentFlags assignment={a} />,
    },
    { title: t('asg.dispatchedAt'), dataIndex: 'dispatchedAt', width: 130, render: formatDateTime },
    { title: t('asg.signedAt'), dataIndex: 'signedAt', width: 130, render: formatDateTime },
    { title: t('asg.repliedAt'), dataIndex: 'repliedAt', width: 130, render: formatDateTime },
    {
      title: t('asg.reply'),
      key: 'reply',
      ellipsis: true,
      render: (_: unknown, a) => {
        const text = a.returnReason ?? a.replyContent;
        if (text) return <span title={text}>{text}</span>;
        // The unit's own unsent draft (the server sends it to that unit only).
        if (a.status === 'awaiting_signoff' && a.draftReplyContent) {
          return (
            <span title={a.draftReplyContent} data-testid={`asg-draft-${a.id}`}>
              <Tag color="orange">{t('asg.draft')}</Tag>
              {a.draftReplyContent}
            </span>
          );
        }
        return '—';
      },
    },
  ];
  return (
    <Table<TAssignmentRow>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 1020 }}
      locale={{ emptyText: t('asg.empty') }}
    />
  );
}

/** Redo count and the dispatcher's decision on a return; nothing when neither happened. */
function AssignmentFlags({ assignment: a }: { assignment: TAssignmentView }) {
  const { t } = useI18n();
  const decision =
    a.returnDecision === 'accepted' ? (
      <Tag>{t('asg.return.accepted')}</Tag>
    ) : a.returnDecision === 'rejected' ? (
      <Tag color="red">{t('asg.return.rejected')}</Tag>
    ) : a.status === 'returned' && !a.parentAssignmentId ? (
      // A street's return goes straight back to its district branch; only the city decides on the rest.
      <Tag color="gold">{t('asg.return.pending')}</Tag>
    ) : null;
  if (!decision && a.redoCount <= 0) return <>—</>;
  return (
    <Space size={4} wrap>
      {a.redoCount > 0 && <Tag color="volcano">{t('asg.redo', { n: a.redoCount })}</Tag>}
      {decision}
    </Space>
  );
}
