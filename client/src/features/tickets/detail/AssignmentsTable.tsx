import type { TAssignmentView } from '@hotline/shared';
import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../../i18n/useI18n';
import { formatDateTime } from '../common/format';

const STATUS_COLORS: Record<TAssignmentView['status'], string> = {
  pending: 'gold',
  signed: 'blue',
  replied: 'purple',
  done: 'green',
  returned: 'magenta',
  cancelled: 'default',
};

export function AssignmentsTable({ assignments }: { assignments: TAssignmentView[] }) {
  const { t } = useI18n();
  const columns: ColumnsType<TAssignmentView> = [
    { title: t('asg.unit'), dataIndex: 'unitName', width: 160 },
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
      render: (s: TAssignmentView['status']) => <Tag color={STATUS_COLORS[s]}>{t(`asg.status.${s}`)}</Tag>,
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
        return text ? <span title={text}>{text}</span> : '—';
      },
    },
  ];
  return (
    <Table<TAssignmentView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={assignments}
      pagination={false}
      scroll={{ x: 860 }}
      locale={{ emptyText: t('asg.empty') }}
    />
  );
}
