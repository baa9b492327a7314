import type { TSystemAlertDto } from '@hotline/shared';
import { Alert, Flex } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { alertsApi, readDismissed, storeDismissed } from './alertsApi';

const TYPE: Record<TSystemAlertDto['level'], 'error' | 'warning'> = { critical: 'error', warning: 'warning' };

/**
 * Open system alerts (e.g. next year's holidays not entered) at the top of the console.
 * A failed fetch shows nothing: the banner is a reminder, not part of anyone's work.
 */
export function SystemAlerts() {
  const { t } = useI18n();
  const [items, setItems] = useState<TSystemAlertDto[]>([]);
  const [dismissed, setDismissed] = useState<Set<string>>(readDismissed);

  useEffect(() => {
    const ctrl = new AbortController();
    alertsApi.open(ctrl.signal).then(
      (res) => setItems(res.items.filter((a) => a.resolvedAt === null)),
      () => undefined,
    );
    return () => ctrl.abort();
  }, []);

  const dismiss = (id: string) => {
    const next = new Set(dismissed).add(id);
    storeDismissed(next);
    setDismissed(next);
  };

  const shown = items
    .filter((a) => !dismissed.has(a.id))
    .sort((a, b) => (a.level === b.level ? 0 : a.level === 'critical' ? -1 : 1));
  if (!shown.length) return null;
  return (
    <Flex vertical gap={8} className="system-alerts" role="region" aria-label={t('alerts.region')}>
      {shown.map((a) => (
        <Alert
          key={a.id}
          type={TYPE[a.level]}
          showIcon
          title={a.message}
          data-testid={`system-alert-${a.kind}`}
          closable={{ 'aria-label': t('alerts.dismiss'), onClose: () => dismiss(a.id) }}
        />
      ))}
    </Flex>
  );
}
