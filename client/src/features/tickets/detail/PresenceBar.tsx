import { EyeOutlined } from '@ant-design/icons';
import type { TPresenceMessage } from '@hotline/shared';
import { Avatar, Space, Tooltip, Typography } from 'antd';
import { useI18n } from '../../../i18n/useI18n';

/** "Also viewing: …" — the other people who have this ticket open right now. */
export function PresenceBar({ viewers, selfId }: { viewers: TPresenceMessage['viewers']; selfId: string }) {
  const { t } = useI18n();
  const others = viewers.filter(
    (v, i, all) => v.userId !== selfId && all.findIndex((w) => w.userId === v.userId) === i,
  );
  if (!others.length) return null;
  const names = others.map((v) => v.name).join('、');
  return (
    <Space size={6} data-testid="presence">
      <Avatar.Group max={{ count: 4 }} size="small">
        {others.map((v) => (
          <Tooltip key={v.userId} title={v.name}>
            <Avatar style={{ backgroundColor: '#1d4ed8' }}>{v.name.slice(0, 1)}</Avatar>
          </Tooltip>
        ))}
      </Avatar.Group>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <EyeOutlined /> {t('detail.alsoViewing', { names })}
      </Typography.Text>
    </Space>
  );
}
