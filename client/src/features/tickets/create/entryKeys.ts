import type { TTicketType } from '@hotline/shared';

/** What the keyboard asks of the create form. */
export type TEntryShortcut = 'save' | 'saveAndNew' | 'newEntry';

type TKeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'> & {
  isComposing?: boolean;
};

/**
 * Ctrl/⌘+Enter saves (登记), Ctrl/⌘+Shift+Enter saves and starts the next ticket, Alt+N starts a new
 * one. Nothing while an input method is composing: there Enter commits the pinyin the agent typed.
 * Alt+N goes by the physical key (`code`): on a Mac, Option+N types a dead key instead of 'n'.
 */
export function entryShortcutOf(e: TKeyLike): TEntryShortcut | null {
  if (e.isComposing) return null;
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey) return e.shiftKey ? 'saveAndNew' : 'save';
  if (e.code === 'KeyN' && e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) return 'newEntry';
  return null;
}

/**
 * The fields of a typical phone ticket, in the order the agent fills them (and the Tab order).
 * Line, channel and urgency have defaults and stay out of the way; Tab still reaches them.
 * Ids are the ones antd's Form gives its fields.
 */
export const ENTRY_SEQUENCE = [
  'citizen_phone',
  'citizen_name',
  'type',
  'categoryId',
  'title',
  'description',
  'address',
] as const;
export type TEntryFieldId = (typeof ENTRY_SEQUENCE)[number];

type TEntryValues = {
  citizen?: { phone?: string; name?: string };
  type?: string;
  categoryId?: string;
  title?: string;
  description?: string;
  address?: string;
};

const VALUE_OF: Record<TEntryFieldId, (v: TEntryValues) => string | undefined> = {
  citizen_phone: (v) => v.citizen?.phone,
  citizen_name: (v) => v.citizen?.name,
  type: (v) => v.type,
  categoryId: (v) => v.categoryId,
  title: (v) => v.title,
  description: (v) => v.description,
  address: (v) => v.address,
};

/** Where the cursor belongs: the first field still empty (the phone on a blank form). */
export function firstEmptyField(values: TEntryValues): TEntryFieldId {
  return ENTRY_SEQUENCE.find((id) => !VALUE_OF[id](values)?.trim()) ?? ENTRY_SEQUENCE[0];
}

/** The field after `id` in the entry sequence: where a pick in a dropdown moves on to. */
export function nextField(id: TEntryFieldId): TEntryFieldId | null {
  const i = ENTRY_SEQUENCE.indexOf(id);
  return ENTRY_SEQUENCE[i + 1] ?? null;
}

/**
 * What typing into the type picker matches: the Chinese label, the English one and the pinyin
 * initials and syllables, so 'ts' or 'tousu' finds 投诉 (the server computes pinyin for categories;
 * seven fixed words are spelled out here).
 */
export const TYPE_SEARCH: Record<TTicketType, string> = {
  consultation: 'zx zixun',
  help: 'qz qiuzhu',
  complaint: 'ts tousu',
  report: 'jb jubao',
  suggestion: 'jy jianyi',
  praise: 'by biaoyang',
  other: 'qt qita',
};

export const isMacPlatform = (): boolean =>
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/i.test(navigator.platform || navigator.userAgent);

/** How the modifier reads on this machine's keyboard. */
export function shortcutLabel(shortcut: TEntryShortcut, mac = isMacPlatform()): string {
  const mod = mac ? '⌘' : 'Ctrl';
  switch (shortcut) {
    case 'save':
      return `${mod}+Enter`;
    case 'saveAndNew':
      return `${mod}+Shift+Enter`;
    case 'newEntry':
      return mac ? '⌥+N' : 'Alt+N';
  }
}

// Both the page and the console shell listen for Alt+N; whichever runs first takes the key.
// (Not `defaultPrevented`: antd's Select prevents the default of every Enter, Ctrl+Enter included.)
const taken = new WeakSet<Event>();
export const takeKey = (e: Event): void => {
  taken.add(e);
  e.preventDefault();
};
export const keyTaken = (e: Event): boolean => taken.has(e);
