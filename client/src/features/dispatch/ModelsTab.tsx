import { ExperimentOutlined, ReloadOutlined } from '@ant-design/icons';
import type { TRoutingModelDto } from '@hotline/shared';
import { Alert, App, Button, Flex, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useLoad } from '../polls/useLoad';
import { formatDateTime } from '../tickets/common/format';
import { routingApi } from './dispatchApi';
import { percent } from './dispatchFormat';

/** 智能派单模型: what each training produced and how well it did on tickets it had not seen. */
export function ModelsTab({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [training, setTraining] = useState(false);
  const models = useLoad('routing-models', (signal) => routingApi.models(signal));

  const train = async () => {
    setTraining(true);
    try {
      const { requestId } = await routingApi.train();
      void message.success(t('dispatch.model.trainQueued', { id: requestId }));
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setTraining(false);
    }
  };

  const columns: ColumnsType<TRoutingModelDto> = [
    {
      title: t('dispatch.model.target'),
      dataIndex: 'target',
      width: 110,
      render: (v: TRoutingModelDto['target']) => (
        <Tag color={v === 'unit' ? 'blue' : 'purple'}>{t(`dispatch.model.target.${v}`)}</Tag>
      ),
    },
    { title: t('dispatch.model.trainedAt'), dataIndex: 'trainedAt', width: 150, render: formatDateTime },
    { title: t('dispatch.model.rows'), dataIndex: 'trainingRows', width: 110, align: 'right' },
    { title: t('dispatch.model.heldout'), dataIndex: 'heldoutRows', width: 110, align: 'right' },
    {
      title: t('dispatch.model.top1'),
      dataIndex: 'top1',
      width: 110,
      align: 'right',
      render: (v: number | null) => <Typography.Text strong>{percent(v, 1)}</Typography.Text>,
    },
    {
      title: t('dispatch.model.top3'),
      dataIndex: 'top3',
      width: 110,
      align: 'right',
      render: (v: number | null) => percent(v, 1),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('dispatch.model.hint')}</Typography.Text>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={models.reload}>
            {t('dispatch.refresh')}
          </Button>
          {editable && (
            <Button
              type="primary"
              icon={<ExperimentOutlined />}
              loading={training}
              onClick={() => void train()}
              data-testid="model-train"
            >
              {t('dispatch.model.train')}
            </Button>
          )}
        </Space>
      </Flex>
      {models.error != null && <Alert type="error" showIcon title={errorMessage(models.error, t)} />}
      <Table<TRoutingModelDto>
        rowKey="id"
        size="small"
        loading={models.loading}
        columns={columns}
        dataSource={models.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('dispatch.model.empty') }}
      />
    </Flex>
  );
}
