import type { TTicketSummary } from '@hotline/shared';
import { Select, type SelectProps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ticketsApi } from '../../../api/endpoints';
import { useI18n } from '../../../i18n/useI18n';

type TOption = Pick<TTicketSummary, 'id' | 'no' | 'title'>;
type TProps = Omit<SelectProps<string>, 'options' | 'showSearch'> & {
  excludeId: string;
  /** A parent already chosen elsewhere (a duplicate candidate), shown by number and title. */
  initialTicket?: TOption;
};

/** Finds the ticket to merge into by number or title (open tickets only). */
export function ParentTicketSelect({ excludeId, initialTicket, ...props }: TProps) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<TOption[]>(initialTicket ? [initialTicket] : []);
  const [loading, setLoading] = useState(false);
  const request = useRef(0);

  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    const n = ++request.current;
    const timer = setTimeout(() => {
      setLoading(true);
      ticketsApi.list({ q, open: true, limit: 20 }).then(
        (res) => {
          if (n !== request.current) return;
          setOptions(res.items.filter((i) => i.id !== excludeId));
          setLoading(false);
        },
        () => n === request.current && setLoading(false),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [query, excludeId]);

  return (
    <Select<string>
      allowClear
      placeholder={t('field.parentPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      loading={loading}
      notFoundContent={null}
      options={options.map((o) => ({ value: o.id, label: `${o.no}  ${o.title}` }))}
      {...props}
    />
  );
}
