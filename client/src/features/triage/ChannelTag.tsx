import { WechatOutlined, WeiboOutlined } from '@ant-design/icons';
import { CHANNEL_LABELS, type TConversationChannel } from '@hotline/shared';
import { Tag } from 'antd';
import { useI18n } from '../../i18n/useI18n';

const LOOK: Record<TConversationChannel, { icon: typeof WechatOutlined; color: string }> = {
  wechat: { icon: WechatOutlined, color: 'green' },
  weibo: { icon: WeiboOutlined, color: 'red' },
};

/** 微信 / 微博 with the platform's icon, so an agent tells the channels apart at a glance. */
export function ChannelTag({ channel }: { channel: TConversationChannel }) {
  const { label } = useI18n();
  const { icon: Icon, color } = LOOK[channel];
  return (
    <Tag color={color} icon={<Icon />} data-testid={`channel-${channel}`}>
      {label(CHANNEL_LABELS[channel])}
    </Tag>
  );
}
