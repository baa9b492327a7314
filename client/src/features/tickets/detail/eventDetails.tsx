import {
  STATUS_LABELS,
  type TDuplicateReason,
  type TSuggestionSource,
  type TTicketEventType,
  type TTicketStatus,
} from '@hotline/shared';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { API_BASE } from '../../../api/http';
import type { TI18n } from '../../../i18n/context';
import type { TMessageKey } from '../../../i18n/zh';
import { Link } from '../../../router/Link';
import { paths } from '../../../router/router';
import { DUPLICATE_REASON_COLORS, SOURCE_COLORS, percent } from '../../dispatch/dispatchFormat';
import { kbArticlePath } from '../../kb/kbAccess';

export type TDetailRow = { key: string; name: string; value: ReactNode };

type TObj = Record<string, unknown>;
const obj = (v: unknown): TObj => (v && typeof v === 'object' ? (v as TObj) : {});
const list = (v: unknown): TObj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const NOTIFIED: Record<string, TMessageKey> = {
  sms: 'tl.notified.sms',
  wechat: 'tl.notified.wechat',
  weibo: 'tl.notified.weibo',
};

/**
 * The rows only some events have (two-level dispatch, return decisions, chases, duplicates,
 * merged parents, routing suggestions, redos, citizen notices), and the payload keys they
 * consumed so the generic rows do not repeat them.
 */
export function eventRows(
  type: TTicketEventType,
  payload: TObj,
  { t, label, ticketId }: Pick<TI18n, 't' | 'label'> & { ticketId?: string },
): { rows: TDetailRow[]; handled: Set<string> } {
  const rows: TDetailRow[] = [];
  const handled = new Set<string>();
  const add = (key: string, name: TMessageKey, value: ReactNode, consumes: string[] = []) => {
    rows.push({ key, name: t(name), value });
    for (const k of consumes) handled.add(k);
  };

  switch (type) {
    case 'ticket.subdispatched': {
      const chain = list(payload.chain)
        .map((u) => str(u.name))
        .filter((n): n is string => n !== null);
      const path = chain.length ? chain : [str(payload.fromUnitName), str(payload.toUnitName)];
      add('chain', 'tl.chain', path.filter(Boolean).join(' → '), ['toUnitName']);
      if (payload.role === 'assist') add('role', 'tl.role', t('asg.role.assist'));
      break;
    }
    case 'ticket.returned': {
      const backTo = str(obj(payload.backTo).name);
      if (backTo) add('backTo', 'tl.backTo', backTo);
      break;
    }
    case 'ticket.return_rejected':
      if (str(payload.reason)) add('reason', 'tl.rejectReason', str(payload.reason), ['reason']);
      if (str(payload.returnReason)) add('returnReason', 'tl.returnReason', str(payload.returnReason));
      break;
    case 'ticket.chased': {
      const trigger = payload.trigger === 'breach' ? 'breach' : 'warning';
      add('chase', 'tl.chase', payload.auto === true ? t(`tl.chase.auto.${trigger}`) : t('tl.chase.manual'));
      if (str(payload.message)) add('message', 'tl.message', str(payload.message));
      break;
    }
    case 'ticket.duplicates_suggested': {
      const candidates = list(payload.candidates).filter((c) => str(c.ticketId) && str(c.no));
      if (candidates.length)
        add(
          'duplicates',
          'tl.duplicates',
          <ul className="timeline-list">
            {candidates.map((c) => (
              <li key={c.ticketId as string}>
                <Link to={paths.detail(c.ticketId as string)}>{c.no as string}</Link>
                {num(c.score) !== null && (
                  <span className="timeline-muted"> {percent(num(c.score))}</span>
                )}{' '}
                {(Array.isArray(c.reasons) ? (c.reasons as TDuplicateReason[]) : [])
                  .filter((r) => r in DUPLICATE_REASON_COLORS)
                  .map((r) => (
                    <Tag key={r} color={DUPLICATE_REASON_COLORS[r]} className="timeline-tag">
                      {t(`dup.reason.${r}`)}
                    </Tag>
                  ))}
              </li>
            ))}
          </ul>,
        );
      break;
    }
    case 'ticket.parent_progressed': {
      const no = str(payload.parentNo);
      const id = str(payload.parentId);
      if (no) add('parent', 'tl.parent', id ? <Link to={paths.detail(id)}>{no}</Link> : no, ['parentNo']);
      const status = str(payload.parentStatus);
      if (status && status in STATUS_LABELS)
        add('parentStatus', 'tl.parentStatus', label(STATUS_LABELS[status as TTicketStatus]));
      if (str(payload.reply)) add('parentReply', 'tl.parentReply', str(payload.reply));
      break;
    }
    case 'ticket.routing_suggested': {
      const units = list(payload.suggestions).filter((s) => str(s.unitName));
      if (units.length)
        add('suggested', 'tl.suggested', <SuggestionList items={units} t={t} />, ['suggestions']);
      const categories = list(payload.categories).filter((c) => str(c.name));
      if (categories.length)
        add(
          'categories',
          'tl.suggestedCategories',
          categories
            .map(
              (c) => `${[str(c.code), str(c.name)].filter(Boolean).join(' ')} ${percent(num(c.confidence))}`,
            )
            .join('、'),
        );
      break;
    }
    case 'ticket.answered': {
      // 即时办结 citing a knowledge base article: its title (as cited) links to the article.
      const articleId = str(payload.articleId);
      if (articleId)
        add(
          'article',
          'tl.kbArticle',
          <Link to={kbArticlePath(articleId)}>{str(payload.articleTitle) ?? t('tl.kbArticleOpen')}</Link>,
          ['articleTitle'],
        );
      break;
    }
    case 'ticket.redispatched':
      if (payload.returnAccepted === true) add('returnDecision', 'tl.returnDecision', t('tl.returnAccepted'));
      break;
    // 审核签发: who wrote the reply, who signed it off, whether it was changed on the way out.
    case 'ticket.reply_signed_off':
      if (str(payload.draftedBy)) add('draftedBy', 'tl.draftedBy', str(payload.draftedBy));
      if (typeof payload.edited === 'boolean')
        add('edited', 'tl.edited', payload.edited ? t('common.yes') : t('common.no'));
      break;
    case 'ticket.replied':
      if (str(payload.signedOffBy)) add('signedOffBy', 'tl.signedOffBy', str(payload.signedOffBy));
      if (str(payload.draftedBy)) add('draftedBy', 'tl.draftedBy', str(payload.draftedBy));
      break;
    default:
      break;
  }

  // A reply's files (ticket.replied / reply_submitted): each opens through the ticket's download route.
  const files = list(payload.attachments).filter((f) => str(f.id) && str(f.filename));
  if (files.length)
    add(
      'attachments',
      'tl.attachments',
      <ul className="timeline-list">
        {files.map((f) => (
          <li key={f.id as string}>
            {ticketId ? (
              <a
                href={`${API_BASE}/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(f.id as string)}`}
                target="_blank"
                rel="noopener noreferrer"
              >
                {f.filename as string}
              </a>
            ) : (
              (f.filename as string)
            )}
          </li>
        ))}
      </ul>,
      ['attachments'],
    );

  const redo = num(payload.redo);
  if (redo !== null && redo > 0) add('redo', 'tl.redo', t('tl.redoValue', { n: redo }));
  if ('citizenNotified' in payload) {
    const via = payload.citizenNotified;
    const key =
      typeof via === 'string'
        ? (NOTIFIED[via] ?? 'tl.notified.yes')
        : via
          ? 'tl.notified.yes'
          : 'tl.notified.no';
    add('citizenNotified', 'tl.citizenNotified', t(key));
  }
  return { rows, handled };
}

function SuggestionList({ items, t }: { items: TObj[]; t: TI18n['t'] }) {
  return (
    <ul className="timeline-list">
      {items.map((s, i) => {
        const reason = str(s.reason) as TSuggestionSource | null;
        const confidence = num(s.confidence);
        return (
          <li key={str(s.unitId) ?? i}>
            {s.unitName as string}
            {confidence !== null && <strong> {percent(confidence)}</strong>}
            {reason && reason in SOURCE_COLORS && (
              <Tag color={SOURCE_COLORS[reason]} className="timeline-tag">
                {t(`suggest.reason.${reason}`)}
              </Tag>
            )}
          </li>
        );
      })}
    </ul>
  );
}
