import { InfoCircleOutlined } from '@ant-design/icons';
import { Card, Statistic, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { Link } from '../../router/Link';

export type TTone = 'default' | 'warning' | 'danger' | 'success';

const COLORS: Record<TTone, string | undefined> = {
  default: undefined,
  warning: '#d46b08',
  danger: '#cf1322',
  success: '#389e0d',
};

/**
 * One figure of the overview. With `href` the whole card is a link to the tickets behind the
 * number (an ordinary link: Ctrl+click opens a new tab); `testId` marks the value for tests.
 */
export function StatCard({
  title,
  value,
  testId,
  href,
  hint,
  tone = 'default',
}: {
  title: string;
  value: ReactNode;
  testId: string;
  href?: string;
  hint?: string;
  tone?: TTone;
}) {
  const { t } = useI18n();
  const heading = hint ? (
    <span>
      {title}{' '}
      <Tooltip title={hint}>
        <InfoCircleOutlined aria-label={hint} style={{ color: 'rgba(0,0,0,0.35)' }} />
      </Tooltip>
    </span>
  ) : (
    title
  );
  const stat = (
    <Statistic
      title={heading}
      value={0}
      formatter={() => <span data-testid={testId}>{value}</span>}
      styles={{ content: { color: COLORS[tone], fontWeight: 600 } }}
    />
  );
  return (
    <Card size="small" hoverable={Boolean(href)}>
      {href ? (
        <Link
          to={href}
          title={t('overview.showTickets', { name: title })}
          style={{ color: 'inherit', display: 'block' }}
        >
          {stat}
        </Link>
      ) : (
        stat
      )}
    </Card>
  );
}
