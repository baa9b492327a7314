import type { zhDesk } from './zh-desk';

/** English strings of the agent desk; the type forces the keys of `zh-desk.ts`. */
export const enDesk: Record<keyof typeof zhDesk, string> = {
  'entry.key.save': 'Register',
  'entry.key.saveAndNew': 'Register and new',
  'entry.key.newEntry': 'New',
  'entry.key.esc': 'Close popup',
  'entry.saveAndNew': 'Register and new',
  'entry.saved': 'Ticket {no} registered',
  'entry.savedOpen': 'Open',
  'entry.savedBefore': 'Previous ticket registered:',
  'entry.dismiss': 'Dismiss',
  'entry.confidential': 'Confidential ticket',
  'entry.confidential12388': '12388 discipline report · confidential',
  'entry.confidentialQuiet':
    'Only the discipline commission and named readers see it; no duplicate, suggestion or knowledge base lookups while typing: the text stays on this page until registered.',
  'entry.discardTitle': 'Discard the ticket being typed?',
  'entry.discardBody': 'What has been typed is cleared and a new ticket starts.',
  'entry.discardOk': 'Discard and start new',

  'calls.conversations': 'Open WeChat / Weibo conversations',
  'calls.unanswered': '{n} unanswered',
  'calls.noPreview': '(not a text message)',
  'calls.dismiss': 'Close the screen pop',
} as const;
