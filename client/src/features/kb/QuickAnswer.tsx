import { BookOutlined, CheckCircleOutlined, CloseOutlined } from '@ant-design/icons';
import type { TKbArticleSummary, TTicketDetail } from '@hotline/shared';
import { App, Button, Card, Flex, Form, Input, Typography, type FormInstance } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { ticketsApi } from '../../api/endpoints';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { kbApi } from './kbApi';
import { answerFromArticle } from './kbText';

export const ANSWER_FIELD = 'answer';

/**
 * 即时办结 on the create form: the cited article, the answer read to the citizen (prefilled from
 * the article, editable), and after the ticket is created the `answer` action naming the article.
 */
export function useQuickAnswer<T>(typedForm: FormInstance<T>) {
  const { t } = useI18n();
  // Reads and writes fields the page's own values type does not name (`answer`).
  const form = typedForm as unknown as FormInstance<Record<string, unknown>>;
  const { message } = App.useApp();
  const [cited, setCited] = useState<TKbArticleSummary | null>(null);
  // True only while a 即时办结 submit runs: the answer is required then, and only then.
  const answeringRef = useRef(false);

  const cite = useCallback(
    (article: TKbArticleSummary) => {
      setCited(article);
      // Answered from the knowledge base: a consultation, unless the agent already said otherwise.
      if (!form.getFieldValue('type')) form.setFieldValue('type', 'consultation');
      const first = `${article.title}：\n${article.snippet}`;
      form.setFieldValue(ANSWER_FIELD, first);
      // The whole article reads better than the snippet; unless the agent already edited it.
      kbApi.get(article.id).then(
        (full) => {
          if (form.getFieldValue(ANSWER_FIELD) === first)
            form.setFieldValue(ANSWER_FIELD, answerFromArticle(full.title, full.bodyHtml));
        },
        () => undefined,
      );
    },
    [form],
  );

  const clear = useCallback(() => {
    setCited(null);
    form.setFieldValue(ANSWER_FIELD, undefined);
  }, [form]);

  /** Runs the page's own submit as a 即时办结 submit. */
  const run = useCallback(async (submit: () => Promise<void>) => {
    answeringRef.current = true;
    try {
      await submit();
    } finally {
      answeringRef.current = false;
    }
  }, []);

  /**
   * Answers the ticket just created. Never throws: the ticket exists either way, and its page
   * offers 即时办结 again if this failed.
   */
  const answer = useCallback(
    async (ticket: Pick<TTicketDetail, 'id' | 'no'>) => {
      const text = String(form.getFieldValue(ANSWER_FIELD) ?? '').trim();
      try {
        // No expectedVersion: the ticket was created a moment ago, and the routing worker may
        // already have noted its suggestions; the transition table still refuses a dispatched one.
        await ticketsApi.act(ticket.id, 'answer', { answer: text, articleId: cited?.id });
        void message.success(t('kb.quick.done', { no: ticket.no }));
      } catch (err) {
        void message.error(t('kb.quick.failed', { no: ticket.no, message: errorMessage(err, t) }));
      }
    },
    [cited, form, message, t],
  );

  return { cited, cite, clear, run, answer, answering: () => answeringRef.current && cited !== null };
}

export type TQuickAnswer = ReturnType<typeof useQuickAnswer>;

/** The 即时办结 block inside the create form, shown once an article is cited. */
export function QuickAnswerSection({
  quick,
  onSubmit,
}: {
  quick: TQuickAnswer;
  onSubmit: () => Promise<void>;
}) {
  const { t } = useI18n();
  if (!quick.cited) return null;
  return (
    <Card size="small" className="kb-quick-answer" data-testid="kb-quick-answer" style={{ marginTop: 16 }}>
      <Flex justify="space-between" align="center" gap={8} style={{ marginBottom: 8 }}>
        <Typography.Text strong>
          <BookOutlined /> {t('kb.quick.title')}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {' '}
            {t('kb.quick.citing', { title: quick.cited.title })}
          </Typography.Text>
        </Typography.Text>
        <Button size="small" type="text" icon={<CloseOutlined />} onClick={quick.clear}>
          {t('kb.quick.uncite')}
        </Button>
      </Flex>
      <Form.Item
        name={ANSWER_FIELD}
        label={t('kb.quick.answer')}
        extra={t('kb.quick.answerHint')}
        rules={[
          {
            validator: (_, v?: string) =>
              !quick.answering() || (v && v.trim())
                ? Promise.resolve()
                : Promise.reject(new Error(t('field.required', { label: t('kb.quick.answer') }))),
          },
        ]}
      >
        <Input.TextArea rows={5} maxLength={5000} showCount />
      </Form.Item>
      <Flex justify="flex-end">
        <Button
          type="primary"
          icon={<CheckCircleOutlined />}
          data-testid="create-answer"
          onClick={() => void quick.run(onSubmit)}
        >
          {t('kb.quick.submit')}
        </Button>
      </Flex>
    </Card>
  );
}
