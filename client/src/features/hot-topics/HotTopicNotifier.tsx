import { FireOutlined } from '@ant-design/icons';
import { Button, notification } from 'antd';
import { useI18n } from '../../i18n/useI18n';
import { navigate } from '../../router/router';
import { HOT_TOPICS_PATH } from './hotTopicsApi';
import { useHotTopicRaised } from './useHotTopicRaised';

/** A notification anywhere in the console when the detector raises a hot topic (supervisors). */
export function HotTopicNotifier() {
  const { t } = useI18n();
  const [api, holder] = notification.useNotification();
  useHotTopicRaised((alert) => {
    api.warning({
      key: alert.id,
      icon: <FireOutlined style={{ color: '#dc2626' }} />,
      title: t('hotTopics.notify.title', { label: alert.label }),
      description: t('hotTopics.notify.body', {
        count: alert.count,
        window: t(`hotTopics.window.${alert.window}`),
        baseline: alert.baseline.toFixed(1),
      }),
      duration: 0,
      actions: (
        <Button
          type="primary"
          size="small"
          onClick={() => {
            api.destroy(alert.id);
            navigate(HOT_TOPICS_PATH);
          }}
        >
          {t('hotTopics.notify.open')}
        </Button>
      ),
    });
  });
  return <>{holder}</>;
}
