import { ReloadOutlined } from '@ant-design/icons';
import type { TPortalCaptcha } from '@hotline/shared';
import { Button, Flex, Input, Skeleton } from 'antd';
import { useI18n } from '../../i18n/useI18n';

type TProps = {
  captcha: TPortalCaptcha | null;
  onRefresh: () => void;
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
};

/** The captcha image (an SVG from the server) with its answer box; Form.Item passes value/onChange. */
export function PortalCaptcha({ captcha, onRefresh, value, onChange, id }: TProps) {
  const { t } = useI18n();
  return (
    <Flex gap={12} align="center" wrap>
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        inputMode="numeric"
        autoComplete="off"
        maxLength={4}
        placeholder={t('portal.captchaPlaceholder')}
        style={{ width: 160 }}
      />
      {captcha?.svg ? (
        <img
          data-testid="portal-captcha-image"
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(captcha.svg)}`}
          alt={t('portal.captcha')}
          height={40}
          style={{ borderRadius: 4, cursor: 'pointer' }}
          onClick={onRefresh}
        />
      ) : (
        <Skeleton.Button active style={{ width: 160, height: 40 }} />
      )}
      <Button type="link" icon={<ReloadOutlined />} onClick={onRefresh}>
        {t('portal.captchaRefresh')}
      </Button>
    </Flex>
  );
}
