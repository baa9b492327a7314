import { isConfidentialLine } from '@hotline/shared';
import { App, type FormInstance } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { navigate, paths } from '../../../router/router';
import { callPrefill, createFromCallPath } from '../../calls/callsAccess';
import { newIdempotencyKey, type TCreateFormValues } from './createBody';
import type { TSavedTicket } from './EntryBanners';
import { firstEmptyField, nextField, type TEntryFieldId } from './entryKeys';
import { requestNewEntry, useNewEntryRequests, type TEntryPrefill } from './entryRequests';

const focusById = (id: string) => document.getElementById(id)?.focus();

/**
 * One ticket being typed on the create page, and the start of the next: the idempotency key,
 * the call it came from, the cursor, and 登记并新建 / 新建 (Alt+N, a screen pop's 「新建工单」).
 * A new entry keeps the line and channel (the seat takes the same kind of calls) and clears the
 * rest; when something is typed the agent is asked first. The cursor goes to the first empty
 * field: the phone, or the name when a screen pop brought the number.
 */
export function useEntrySession(form: FormInstance<TCreateFormValues>, onReset?: () => void) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  // One key per ticket being typed: a retried submit returns the first ticket instead of a duplicate.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  // Opened from a screen pop: the caller's number, and the call the ticket is linked to.
  const [fromCall, setFromCall] = useState(() => callPrefill(window.location.search));
  const [lastSaved, setLastSaved] = useState<TSavedTicket | null>(null);
  // Bumped to move the cursor once the form has re-rendered (enabled again after a submit);
  // the first turn is the page opening.
  const [focusTurn, setFocusTurn] = useState(1);
  // A pick's move to the next field, not yet made: a new form must not receive it.
  const advancing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (focusTurn > 0) focusById(firstEmptyField(form.getFieldsValue(true) as TCreateFormValues));
  }, [focusTurn, form]);

  const reset = (prefill: TEntryPrefill, focus = true) => {
    const { line, channel } = form.getFieldsValue(['line', 'channel']) as TCreateFormValues;
    clearTimeout(advancing.current);
    form.resetFields();
    form.setFieldsValue({
      line,
      channel,
      confidential: isConfidentialLine(line),
      citizen: { phone: prefill.phone ?? undefined, name: undefined },
    });
    setIdempotencyKey(newIdempotencyKey());
    setFromCall({ phone: prefill.phone ?? null, callId: prefill.callId ?? null });
    navigate(prefill.callId ? createFromCallPath(prefill.phone ?? null, prefill.callId) : paths.create(), {
      replace: true,
    });
    onReset?.();
    if (focus) setFocusTurn((n) => n + 1);
  };

  /** 新建: a fresh form, after asking when something typed would be lost. */
  const startNew = (prefill: TEntryPrefill = {}) => {
    if (!form.isFieldsTouched()) {
      reset(prefill);
      return;
    }
    let discarded = false;
    void modal.confirm({
      title: t('entry.discardTitle'),
      content: t('entry.discardBody'),
      okText: t('entry.discardOk'),
      cancelText: t('common.cancel'),
      onOk: () => {
        discarded = true;
        reset(prefill, false);
      },
      // Closing, the dialog gives the focus back to where it was; on a new form the first field wins.
      afterClose: () => {
        if (discarded) setFocusTurn((n) => n + 1);
      },
    });
  };

  /** 登记并新建: the ticket is registered, the next one starts at once. */
  const savedAndNew = (ticket: TSavedTicket) => {
    setLastSaved(ticket);
    reset({});
  };

  useNewEntryRequests(startNew);

  return {
    idempotencyKey,
    fromCall,
    lastSaved,
    dismissSaved: () => setLastSaved(null),
    startNew,
    /** Alt+N: a new ticket, for the caller whose screen pop is showing if there is one. */
    newEntry: () => requestNewEntry(),
    savedAndNew,
    /** After a pick in a dropdown (type, category) the cursor moves on: Enter picks and advances. */
    advanceFrom: (id: TEntryFieldId) => {
      const next = nextField(id);
      // After the select has closed its list and taken the value.
      if (!next) return;
      clearTimeout(advancing.current);
      advancing.current = setTimeout(() => focusById(next), 0);
    },
  };
}
