import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import type { TTicketRealtimeMessage } from '@hotline/shared';
import { Alert, App, Button, Card, Col, Flex, Result, Row, Space, Spin, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { errorMessage } from '../../../api/errorMessage';
import { isApiError } from '../../../api/http';
import { useI18n } from '../../../i18n/useI18n';
import { navigate, paths } from '../../../router/router';
import { useCurrentUser } from '../../auth/useSession';
import { ActionBar } from '../actions/ActionBar';
import { ConfidentialTag, StatusTag, SupervisionTag, UrgencyTag } from '../common/Tags';
import { useCategories, useUnits } from '../common/useReferenceData';
import { AssignmentsTable } from './AssignmentsTable';
import { DeadlinesTable } from './DeadlinesTable';
import { PresenceBar } from './PresenceBar';
import { TicketInfo } from './TicketInfo';
import { TicketLinks } from './TicketLinks';
import { TicketTimeline } from './TicketTimeline';
import { useTicketDetail } from './useTicketDetail';

export function TicketDetailPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const units = useUnits();
  const categories = useCategories();

  const onRemoteChange = useCallback(
    (msg: TTicketRealtimeMessage) => {
      if (msg.actorName && msg.actorName === user.displayName) return;
      void message.info(
        msg.actorName ? t('detail.updatedLive', { name: msg.actorName }) : t('detail.updatedLiveAnon'),
      );
    },
    [message, t, user.displayName],
  );
  const { data, loading, error, viewers, refresh, reload, afterAction } = useTicketDetail(id, onRemoteChange);

  const unitName = useMemo(() => {
    const byId = new Map(units.items.map((u) => [u.id, u.name]));
    return (unitId: string | null) => (unitId ? (byId.get(unitId) ?? '—') : '—');
  }, [units.items]);

  const suggestedUnitId = useMemo(() => {
    const categoryId = data?.ticket.categoryId;
    return categories.items.find((c) => c.id === categoryId)?.defaultUnitId ?? null;
  }, [categories.items, data?.ticket.categoryId]);

  const back = (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      onClick={() => navigate(paths.list())}
      style={{ paddingLeft: 0 }}
    >
      {t('common.backToList')}
    </Button>
  );

  if (loading && !data) {
    return (
      <Flex justify="center" style={{ padding: 80 }}>
        <Spin size="large" description={t('common.loading')} />
      </Flex>
    );
  }
  if (!data) {
    const notFound = isApiError(error) && (error.status === 404 || error.status === 403);
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('detail.notFound') : t('detail.loadFailed')}
        subTitle={notFound ? undefined : errorMessage(error, t)}
        extra={
          <Space>
            {back}
            {!notFound && <Button onClick={() => void reload()}>{t('common.retry')}</Button>}
          </Space>
        }
      />
    );
  }

  const { ticket, timeline, assignments, deadlines, availableActions } = data;
  // 审核签发: the server sends draft fields only to the draft's own unit.
  const awaiting = assignments.find(
    (a) => a.status === 'awaiting_signoff' && a.unitId === user.unitId && a.draftReplyContent,
  );
  const draft = awaiting
    ? {
        content: awaiting.draftReplyContent ?? '',
        solved: awaiting.draftReplySolved ?? true,
        by: awaiting.draftSubmittedByName ?? null,
      }
    : undefined;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        {back}
        <Space>
          <PresenceBar viewers={viewers} selfId={user.id} />
          <Button icon={<ReloadOutlined />} onClick={() => void refresh()}>
            {t('detail.refresh')}
          </Button>
        </Space>
      </Flex>

      <Card>
        <Flex vertical gap={8}>
          <Space wrap size={8} align="center">
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="ticket-no">
              {ticket.no}
            </Typography.Title>
            <StatusTag status={ticket.status} />
            <UrgencyTag urgency={ticket.urgency} />
            <SupervisionTag level={ticket.supervisionLevel} />
            <ConfidentialTag confidential={ticket.confidential} />
          </Space>
          <Typography.Title level={5} style={{ margin: 0, fontWeight: 500 }}>
            {ticket.title}
          </Typography.Title>
          {ticket.overdue && <Alert type="error" showIcon title={t('dl.breached')} banner />}
        </Flex>
        <div className="action-section">
          <Typography.Text type="secondary" className="section-label">
            {t('detail.actions')}
          </Typography.Text>
          <ActionBar
            ticket={ticket}
            actions={availableActions}
            suggestedUnitId={suggestedUnitId}
            draft={draft}
            onDone={(updated) => void afterAction(updated.version)}
            onStale={() => void refresh()}
          />
        </div>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('detail.info')}>
              <TicketInfo ticket={ticket} />
            </Card>
            <Card size="small" title={t('detail.assignments')}>
              <AssignmentsTable assignments={assignments} />
            </Card>
            <Card size="small" title={t('detail.deadlines')}>
              <DeadlinesTable deadlines={deadlines} unitName={unitName} />
            </Card>
            <Card size="small" title={t('links.title')}>
              <TicketLinks ticket={ticket} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('detail.timeline')}>
            <TicketTimeline entries={timeline} ticketId={ticket.id} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
