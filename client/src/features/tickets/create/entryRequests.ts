import { useEffect, useEffectEvent } from 'react';
import { navigate, paths } from '../../../router/router';
import { createFromCallPath } from '../../calls/callsAccess';
import { entryShortcutOf, keyTaken, takeKey } from './entryKeys';

/** What a new entry starts with: the caller's number and the call, from a screen pop. */
export type TEntryPrefill = { phone?: string | null; callId?: string | null };

let openPage: ((prefill: TEntryPrefill) => void) | null = null;
let ringing: { prefill: TEntryPrefill; taken: () => void } | null = null;

/**
 * While a screen pop shows, a new ticket without a number of its own (Alt+N) is for that caller:
 * the agent hears the phone, presses Alt+N, and types the name. Returns the withdrawal.
 */
export function offerRingingCall(prefill: TEntryPrefill, taken: () => void): () => void {
  const offer = { prefill, taken };
  ringing = offer;
  return () => {
    if (ringing === offer) ringing = null;
  };
}

/**
 * Starts a new ticket: on the open create page (which asks before discarding what is typed there),
 * else by opening the page. The page keeps its state across a change of query string, so a
 * screen pop's 「新建工单」 while the form is open must reach the page itself.
 */
export function requestNewEntry(asked?: TEntryPrefill): void {
  let prefill = asked ?? {};
  if (!asked && ringing) {
    prefill = ringing.prefill;
    ringing.taken();
  }
  if (openPage) {
    openPage(prefill);
    return;
  }
  navigate(prefill.callId ? createFromCallPath(prefill.phone ?? null, prefill.callId) : paths.create());
}

/** The create page takes the requests while it is open. */
export function useNewEntryRequests(handler: (prefill: TEntryPrefill) => void): void {
  const onRequest = useEffectEvent(handler);
  useEffect(() => {
    const take = (prefill: TEntryPrefill) => onRequest(prefill);
    openPage = take;
    return () => {
      if (openPage === take) openPage = null;
    };
  }, []);
}

/** Alt+N anywhere in the console opens a new ticket form (for those who may create tickets). */
export function useNewEntryHotkey(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (keyTaken(e) || entryShortcutOf(e) !== 'newEntry') return;
      // A dialog's keys are the dialog's.
      if (e.target instanceof Element && e.target.closest('.ant-modal-wrap')) return;
      takeKey(e);
      requestNewEntry();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
