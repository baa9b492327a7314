import { ReloadOutlined } from '@ant-design/icons';
import {
  LINES,
  STATUS_LABELS,
  TICKET_STATUSES,
  TICKET_TYPES,
  TYPE_LABELS,
  type TLine,
  type TTicketStatus,
  type TTicketType,
} from '@hotline/shared';
import { Button, Checkbox, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { lineLabel } from '../../../i18n/labels';
import { useI18n } from '../../../i18n/useI18n';
import type { TListFilters, TSort } from './listFilters';

type TProps = {
  value: TListFilters;
  onChange: (next: TListFilters) => void;
  onReset: () => void;
  /** Unit inboxes are always sorted by deadline and never filtered by line. */
  inbox: boolean;
};

export function TicketFilters({ value, onChange, onReset, inbox }: TProps) {
  const { t, label, lang } = useI18n();
  const [q, setQ] = useState(value.q);
  const set = (patch: Partial<TListFilters>) => onChange({ ...value, ...patch });

  return (
    <Space wrap size={[8, 8]} className="ticket-filters">
      <Select<TTicketStatus[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        aria-label={t('list.filter.status')}
        placeholder={t('list.filter.statusAllOpen')}
        style={{ minWidth: 200 }}
        value={value.status}
        onChange={(status) => set({ status })}
        options={TICKET_STATUSES.map((s) => ({ value: s, label: label(STATUS_LABELS[s]) }))}
      />
      {!inbox && (
        <Select<TLine[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          aria-label={t('list.filter.line')}
          placeholder={t('list.filter.line')}
          style={{ minWidth: 170 }}
          value={value.line}
          onChange={(line) => set({ line })}
          options={LINES.map((l) => ({ value: l, label: lineLabel(l, lang) }))}
        />
      )}
      <Select<TTicketType[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        aria-label={t('list.filter.type')}
        placeholder={t('list.filter.type')}
        style={{ minWidth: 150 }}
        value={value.type}
        onChange={(type) => set({ type })}
        options={TICKET_TYPES.map((ty) => ({ value: ty, label: label(TYPE_LABELS[ty]) }))}
      />
      <Input.Search
        allowClear
        aria-label={t('list.filter.search')}
        placeholder={t('list.filter.search')}
        style={{ width: 240 }}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          if (!e.target.value && value.q) set({ q: '' });
        }}
        onSearch={(text) => set({ q: text.trim() })}
      />
      <Checkbox checked={value.overdue} onChange={(e) => set({ overdue: e.target.checked })}>
        {t('list.filter.overdue')}
      </Checkbox>
      {!inbox && (
        <Select<TSort>
          aria-label={t('list.filter.sort')}
          style={{ width: 130 }}
          value={value.sort}
          onChange={(sort) => set({ sort })}
          options={[
            { value: 'created_desc', label: t('list.sort.created_desc') },
            { value: 'due_asc', label: t('list.sort.due_asc') },
          ]}
        />
      )}
      <Button
        icon={<ReloadOutlined />}
        onClick={() => {
          setQ('');
          onReset();
        }}
      >
        {t('list.filter.reset')}
      </Button>
    </Space>
  );
}
