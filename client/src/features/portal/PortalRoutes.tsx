import { Flex, Layout, Menu, Typography } from 'antd';
import { useI18n } from '../../i18n/useI18n';
import { navigate } from '../../router/router';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { PortalSubmitPage } from './PortalSubmitPage';
import { PortalTrackPage } from './PortalTrackPage';
import { portalPaths } from './portalPaths';

/** The citizens' site: its own light frame (no console menu), submit and track. */
export function PortalRoutes({ pathname }: { pathname: string }) {
  const { t } = useI18n();
  const tracking = pathname.replace(/\/+$/, '') === '/portal/track';
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header style={{ background: '#fff', borderBottom: '1px solid #e8ecf0', paddingInline: 24 }}>
        <Flex
          align="center"
          justify="space-between"
          gap={16}
          style={{ height: '100%', maxWidth: 960, margin: '0 auto' }}
        >
          <Flex align="center" gap={12}>
            <div className="brand-mark brand-mark-small" aria-hidden>
              12345
            </div>
            <div style={{ lineHeight: 1.3 }}>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {t('portal.title')}
              </Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('portal.subtitle')}
              </Typography.Text>
            </div>
          </Flex>
          <Flex align="center" gap={16}>
            <Menu
              mode="horizontal"
              selectedKeys={[tracking ? 'track' : 'submit']}
              style={{ borderBottom: 'none', minWidth: 260 }}
              onClick={({ key }) => navigate(key === 'track' ? portalPaths.track() : portalPaths.submit())}
              items={[
                { key: 'submit', label: t('portal.navSubmit') },
                { key: 'track', label: t('portal.navTrack') },
              ]}
            />
            <LanguageSwitch />
          </Flex>
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: '24px 16px 48px' }}>
        <div style={{ maxWidth: 960, margin: '0 auto' }}>
          {tracking ? <PortalTrackPage /> : <PortalSubmitPage />}
        </div>
      </Layout.Content>
    </Layout>
  );
}
