import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { TDispatchRuleDto, TLine } from '@hotline/shared';
import { Alert, App, Button, Checkbox, Flex, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { isApiError } from '../../api/http';
import { lineLabel } from '../../i18n/labels';
import { useI18n } from '../../i18n/useI18n';
import { useLoad } from '../polls/useLoad';
import { CategoryTreeSelect, UnitTreeSelect } from '../tickets/common/RefTreeSelect';
import { formatDateTime } from '../tickets/common/format';
import { useUnits } from '../tickets/common/useReferenceData';
import { catalogueApi, type TRulesQuery } from './dispatchApi';
import { RuleFormModal } from './RuleFormModal';
import { RuleHistoryDrawer } from './RuleHistoryDrawer';

type TEditing = { rule: TDispatchRuleDto | null } | null;

/** 派单目录: the rules with filters; admins add, edit and delete, everyone reads the history. */
export function RulesTab({ editable }: { editable: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<TRulesQuery>({});
  const [editing, setEditing] = useState<TEditing>(null);
  const [history, setHistory] = useState<TDispatchRuleDto | null>(null);
  const rules = useLoad(`rules:${JSON.stringify(filters)}`, (signal) => catalogueApi.list(filters, signal));
  const units = useUnits();
  const districts = useMemo(() => units.items.filter((u) => u.kind === 'district'), [units.items]);
  const setFilter = (patch: TRulesQuery) => setFilters((f) => ({ ...f, ...patch }));

  const remove = async (rule: TDispatchRuleDto) => {
    try {
      await catalogueApi.remove(rule.id, rule.version);
      void message.success(t('dispatch.rule.deletedOk'));
    } catch (err) {
      void message.error(
        isApiError(err) && err.code === 'STALE_VERSION' ? t('dispatch.rule.stale') : errorMessage(err, t),
      );
    }
    rules.reload();
  };

  const columns: ColumnsType<TDispatchRuleDto> = [
    {
      title: t('dispatch.rule.category'),
      key: 'category',
      width: 180,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          <span>
            <Typography.Text type="secondary">{r.categoryCode}</Typography.Text> {r.categoryName}
          </span>
          {!r.active && <Tag>{t('dispatch.rule.inactive')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('dispatch.rule.district'),
      dataIndex: 'districtName',
      width: 150,
      render: (v: string | null) =>
        v ?? <Typography.Text type="secondary">{t('dispatch.rule.all')}</Typography.Text>,
    },
    {
      title: t('dispatch.rule.line'),
      dataIndex: 'line',
      width: 90,
      render: (v: string | null) =>
        v ? (
          <span title={lineLabel(v as TLine, lang)}>{v}</span>
        ) : (
          <Typography.Text type="secondary">{t('dispatch.rule.all')}</Typography.Text>
        ),
    },
    { title: t('dispatch.rule.lead'), dataIndex: 'leadUnitName', width: 150 },
    {
      title: t('dispatch.rule.assisting'),
      key: 'assisting',
      width: 180,
      render: (_: unknown, r) =>
        r.assisting.length ? (
          <Space size={[0, 4]} wrap>
            {r.assisting.map((a) => (
              <Tag key={a.id}>{a.name}</Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('dispatch.rule.note'),
      dataIndex: 'note',
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('dispatch.rule.version'), dataIndex: 'version', width: 64, render: (v: number) => `v${v}` },
    {
      title: t('dispatch.rule.updated'),
      key: 'updated',
      width: 150,
      render: (_: unknown, r) => (
        <Flex vertical>
          <span>{r.updatedByName ?? '—'}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(r.updatedAt)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('dispatch.rule.actions'),
      key: 'actions',
      width: editable ? 170 : 80,
      fixed: 'right',
      render: (_: unknown, r) => (
        <Space size={0}>
          {editable && r.active && (
            <Button type="link" size="small" onClick={() => setEditing({ rule: r })}>
              {t('dispatch.rule.edit')}
            </Button>
          )}
          <Button type="link" size="small" onClick={() => setHistory(r)}>
            {t('dispatch.rule.history')}
          </Button>
          {editable && r.active && (
            <Popconfirm
              title={t('dispatch.rule.deleteConfirm')}
              okText={t('dispatch.rule.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove(r)}
            >
              <Button type="link" size="small" danger>
                {t('dispatch.rule.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      {!editable && <Alert type="info" showIcon title={t('dispatch.readOnly')} />}
      <Flex justify="space-between" wrap gap={8}>
        <Space wrap>
          <CategoryTreeSelect
            aria-label={t('dispatch.rule.filterCategory')}
            placeholder={t('dispatch.rule.filterCategory')}
            value={filters.categoryId}
            onChange={(v) => setFilter({ categoryId: (v as string | undefined) ?? undefined })}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            aria-label={t('dispatch.rule.filterDistrict')}
            placeholder={t('dispatch.rule.filterDistrict')}
            value={filters.districtId}
            onChange={(v: string | undefined) => setFilter({ districtId: v })}
            options={districts.map((d) => ({ value: d.id, label: d.name }))}
            style={{ width: 180 }}
          />
          <UnitTreeSelect
            aria-label={t('dispatch.rule.filterUnit')}
            placeholder={t('dispatch.rule.filterUnit')}
            value={filters.unitId}
            onChange={(v) => setFilter({ unitId: (v as string | undefined) ?? undefined })}
            treeDefaultExpandAll={false}
            style={{ width: 200 }}
          />
          <Checkbox
            checked={filters.includeDeleted ?? false}
            onChange={(e) => setFilter({ includeDeleted: e.target.checked || undefined })}
          >
            {t('dispatch.rule.includeDeleted')}
          </Checkbox>
        </Space>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={rules.reload}>
            {t('dispatch.refresh')}
          </Button>
          {editable && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ rule: null })}
              data-testid="rule-create"
            >
              {t('dispatch.rule.create')}
            </Button>
          )}
        </Space>
      </Flex>
      {rules.error != null && <Alert type="error" showIcon title={errorMessage(rules.error, t)} />}
      <Table<TDispatchRuleDto>
        rowKey="id"
        size="small"
        loading={rules.loading}
        columns={columns}
        dataSource={rules.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 1200 }}
        rowClassName={(r) => (r.active ? '' : 'rule-row-inactive')}
        locale={{ emptyText: t('dispatch.rule.empty') }}
        footer={() =>
          rules.data ? (
            <Typography.Text type="secondary">
              {t('dispatch.rule.count', { n: rules.data.items.length })}
            </Typography.Text>
          ) : null
        }
      />
      {editing && (
        <RuleFormModal
          rule={editing.rule}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            rules.reload();
          }}
          onStale={() => {
            setEditing(null);
            rules.reload();
          }}
        />
      )}
      {history && <RuleHistoryDrawer rule={history} onClose={() => setHistory(null)} />}
    </Flex>
  );
}
