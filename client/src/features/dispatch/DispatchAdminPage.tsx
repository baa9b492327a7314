import { Card, Flex, Result, Tabs, Typography } from 'antd';
import { useI18n } from '../../i18n/useI18n';
import { useCurrentUser } from '../auth/useSession';
import { canEditDispatch, canViewDispatchAdmin } from './dispatchAccess';
import { ModelsTab } from './ModelsTab';
import { RulesTab } from './RulesTab';
import { SettingsTab } from './SettingsTab';

/** /admin/dispatch: 派单目录, 派单设置 and 智能派单模型; read-only but for administrators. */
export function DispatchAdminPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  if (!canViewDispatchAdmin(user)) return <Result status="403" title={t('dispatch.forbidden')} />;
  const editable = canEditDispatch(user.role);

  return (
    <Card
      title={
        <Flex vertical gap={0}>
          <span>{t('dispatch.title')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('dispatch.hint')}
          </Typography.Text>
        </Flex>
      }
    >
      <Tabs
        destroyOnHidden
        items={[
          { key: 'rules', label: t('dispatch.tab.rules'), children: <RulesTab editable={editable} /> },
          {
            key: 'settings',
            label: t('dispatch.tab.settings'),
            children: <SettingsTab editable={editable} />,
          },
          { key: 'models', label: t('dispatch.tab.models'), children: <ModelsTab editable={editable} /> },
        ]}
      />
    </Card>
  );
}
