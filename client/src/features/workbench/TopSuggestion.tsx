import { SendOutlined } from '@ant-design/icons';
import type { TTicketSummary } from '@hotline/shared';
import { App, Button, Flex, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { ticketsApi } from '../../api/endpoints';
import { isApiError } from '../../api/http';
import { useI18n } from '../../i18n/useI18n';
import { routingApi } from '../dispatch/dispatchApi';
import { SOURCE_COLORS, percent } from '../dispatch/dispatchFormat';
import { useLoad } from '../polls/useLoad';

type TProps = {
  ticket: TTicketSummary;
  /** The user may dispatch (admins look on). */
  canDispatch: boolean;
  onDispatched: (ticketId: string) => void;
  /** The version changed meanwhile: the queue reads the ticket again. */
  onStale: () => void;
  onOther: () => void;
};

/**
 * A 待派单 row's best suggested unit with its confidence, dispatched in one click (with the
 * assisting units the catalogue names); 其他单位… opens the full dispatch dialog.
 */
export function TopSuggestion({ ticket, canDispatch, onDispatched, onStale, onOther }: TProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const suggestions = useLoad(`top-suggestion:${ticket.id}`, (signal) =>
    routingApi.suggestions(ticket.id, signal),
  );
  const best = suggestions.data?.units[0];

  const dispatch = async () => {
    if (!best) return;
    setBusy(true);
    try {
      await ticketsApi.act(ticket.id, 'dispatch', {
        unitId: best.unitId,
        assistingUnitIds: best.assisting?.map((a) => a.id) ?? [],
        expectedVersion: ticket.version,
      });
      void message.success(t('dispatchDesk.dispatched', { unit: best.unitName }));
      onDispatched(ticket.id);
    } catch (err) {
      if (isApiError(err) && err.code === 'STALE_VERSION') {
        void message.warning(t('action.stale'));
        onStale();
      } else {
        void message.error(errorMessage(err, t));
      }
    } finally {
      setBusy(false);
    }
  };

  const other = canDispatch ? (
    <Button size="small" onClick={onOther} data-testid={`dispatch-other-${ticket.no}`}>
      {t('dispatchDesk.otherUnit')}
    </Button>
  ) : null;

  if (suggestions.loading) return <Skeleton.Button active size="small" style={{ width: 200 }} />;
  if (!best) {
    return (
      <Flex gap={8} align="center" wrap>
        <Typography.Text type="secondary">
          {suggestions.error != null ? t('dispatchDesk.suggestFailed') : t('dispatchDesk.noSuggestion')}
        </Typography.Text>
        {other}
      </Flex>
    );
  }
  const pct = percent(best.confidence);
  return (
    <Flex gap={8} align="center" wrap data-testid={`top-suggestion-${ticket.no}`}>
      <Flex vertical gap={0} style={{ minWidth: 0 }}>
        <span>
          <Typography.Text strong>{best.unitName}</Typography.Text>{' '}
          <Typography.Text type="secondary">{pct}</Typography.Text>
        </span>
        <span>
          <Tag color={SOURCE_COLORS[best.reason]} style={{ marginInlineEnd: 4 }}>
            {t(`suggest.reason.${best.reason}`)}
          </Tag>
          {best.assisting?.length ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('suggest.assisting', { names: best.assisting.map((a) => a.name).join('、') })}
            </Typography.Text>
          ) : null}
        </span>
      </Flex>
      {canDispatch && (
        <Button
          type="primary"
          size="small"
          icon={<SendOutlined />}
          loading={busy}
          onClick={() => void dispatch()}
          aria-label={t('dispatchDesk.dispatchToLabel', { no: ticket.no, unit: best.unitName, pct })}
          data-testid={`dispatch-one-click-${ticket.no}`}
        >
          {t('dispatchDesk.dispatchTo', { unit: best.unitName })}
        </Button>
      )}
      {other}
    </Flex>
  );
}
