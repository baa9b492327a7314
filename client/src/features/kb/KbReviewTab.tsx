import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Spin, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useLoad } from '../polls/useLoad';
import { formatDateTime } from '../tickets/common/format';
import { KbReviewCompare } from './KbReviewCompare';
import { kbApi } from './kbApi';
import type { TKbReviewItem } from '@hotline/shared';

/** 待审核: the versions units proposed, the published text beside each, approve or reject with a reason. */
export function KbReviewTab({
  refreshKey = 0,
  onReviewed,
}: {
  refreshKey?: number;
  onReviewed?: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const reviews = useLoad(`kb-reviews:${refreshKey}`, (signal) => kbApi.reviews(signal));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState(false);
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const items = reviews.data?.items ?? [];
  const selected = items.find((v) => v.id === selectedId) ?? items[0] ?? null;

  const decide = async (item: TKbReviewItem, decision: 'approve' | 'reject') => {
    const text = comment.trim();
    if (decision === 'reject' && text.length < 2) {
      setCommentError(true);
      return;
    }
    setBusy(decision);
    try {
      if (decision === 'approve') await kbApi.approve(item.id, text || undefined);
      else await kbApi.reject(item.id, text);
      void message.success(t(decision === 'approve' ? 'kb.review.approved' : 'kb.review.rejected'));
      setComment('');
      setCommentError(false);
      setSelectedId(null);
      if (onReviewed) onReviewed();
      else reviews.reload();
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setBusy(null);
    }
  };

  if (reviews.error != null) return <Alert type="error" showIcon title={errorMessage(reviews.error, t)} />;
  if (reviews.loading && !reviews.data) return <Spin />;
  if (!items.length) return <Empty description={t('kb.review.empty')} />;

  return (
    <Flex gap={16} align="flex-start" wrap>
      <ul className="kb-review-list" data-testid="kb-review-list" aria-label={t('kb.review.list')}>
        {items.map((v) => (
          <li key={v.id} className={v.id === selected?.id ? 'kb-review-item-active' : undefined}>
            <Button
              type="text"
              block
              className="kb-review-item"
              aria-current={v.id === selected?.id}
              onClick={() => {
                setSelectedId(v.id);
                setCommentError(false);
              }}
            >
              <Typography.Text strong ellipsis>
                {v.articleTitle}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                v{v.version} · {[v.proposedByName, v.proposedByUnitName].filter(Boolean).join(' · ')} ·{' '}
                {formatDateTime(v.proposedAt)}
              </Typography.Text>
            </Button>
          </li>
        ))}
      </ul>
      {selected && (
        <Card size="small" style={{ flex: '1 1 480px', minWidth: 0 }} data-testid="kb-review-detail">
          <KbReviewCompare key={selected.id} item={selected} />
          <Form layout="vertical" style={{ marginTop: 16 }}>
            <Form.Item
              label={t('kb.review.comment')}
              htmlFor="kb-review-comment"
              validateStatus={commentError ? 'error' : undefined}
              help={commentError ? t('kb.review.commentRequired') : t('kb.review.commentHint')}
            >
              <Input.TextArea
                id="kb-review-comment"
                rows={3}
                maxLength={2000}
                value={comment}
                onChange={(e) => {
                  setComment(e.target.value);
                  if (e.target.value.trim()) setCommentError(false);
                }}
              />
            </Form.Item>
            <Flex gap={8} justify="flex-end">
              <Button
                danger
                data-testid="kb-reject"
                icon={<CloseOutlined />}
                loading={busy === 'reject'}
                disabled={busy !== null}
                onClick={() => void decide(selected, 'reject')}
              >
                {t('kb.review.reject')}
              </Button>
              <Button
                type="primary"
                data-testid="kb-approve"
                icon={<CheckOutlined />}
                loading={busy === 'approve'}
                disabled={busy !== null}
                onClick={() => void decide(selected, 'approve')}
              >
                {t('kb.review.approve')}
              </Button>
            </Flex>
          </Form>
        </Card>
      )}
    </Flex>
  );
}
