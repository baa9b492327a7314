import type { TConversationMessage } from '@hotline/shared';
import type { TTranslate } from '../../i18n/context';

const KIND_KEYS = {
  image: 'triage.kind.image',
  voice: 'triage.kind.voice',
  location: 'triage.kind.location',
  event: 'triage.kind.event',
} as const;

/** What to show for a message: its text, else a placeholder for its kind (a picture, a location, …). */
export function messageText(m: Pick<TConversationMessage, 'kind' | 'content'>, t: TTranslate): string {
  if (m.content) return m.content;
  const key = KIND_KEYS[m.kind as keyof typeof KIND_KEYS];
  return t(key ?? 'triage.kind.other');
}

/** The ticket description an agent starts from: what the citizen wrote, in order. */
export function citizenText(messages: readonly TConversationMessage[]): string {
  return messages
    .filter((m) => m.direction === 'in' && m.content && m.content.trim())
    .map((m) => m.content!.trim())
    .join('\n');
}

/** OpenIDs are 28 characters of noise: the end is enough to tell two citizens apart. */
export function shortUserId(id: string): string {
  return id.length > 10 ? `…${id.slice(-8)}` : id;
}
