import { useEffect, useEffectEvent } from 'react';
import { entryShortcutOf, keyTaken, takeKey, type TEntryShortcut } from './entryKeys';

export type TEntryShortcutHandlers = Record<TEntryShortcut, () => void>;

/**
 * The create form's keys, wherever the focus is on the page (a field, a dropdown, the assist
 * panels beside the form): Ctrl/⌘+Enter 登记, Ctrl/⌘+Shift+Enter 登记并新建, Alt+N 新建.
 * Esc is left alone: it closes whatever popup is open (a dropdown, a dialog) and nothing else.
 * Keys pressed inside a dialog belong to the dialog.
 */
export function useEntryShortcuts(handlers: TEntryShortcutHandlers, enabled = true): void {
  const run = useEffectEvent((shortcut: TEntryShortcut) => handlers[shortcut]());
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (keyTaken(e)) return;
      const shortcut = entryShortcutOf(e);
      if (!shortcut) return;
      if (e.target instanceof Element && e.target.closest('.ant-modal-wrap')) return;
      takeKey(e);
      run(shortcut);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
