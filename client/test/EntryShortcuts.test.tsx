import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CreateTicketPage } from '../src/features/tickets/create/CreateTicketPage';
import { ASSIST_DEBOUNCE_MS } from '../src/features/tickets/create/EntryAssist';
import {
  entryShortcutOf,
  firstEmptyField,
  nextField,
  shortcutLabel,
} from '../src/features/tickets/create/entryKeys';
import { assistDraft } from '../src/features/tickets/create/entryPrivacy';
import {
  offerRingingCall,
  requestNewEntry,
  useNewEntryHotkey,
} from '../src/features/tickets/create/entryRequests';
import { useEntryShortcuts } from '../src/features/tickets/create/useEntryShortcuts';
import { resetReferenceData } from '../src/features/tickets/common/useReferenceData';
import { mockFetch } from './support/fetchMock';
import { makeDetail, makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

const agent = makeUser({ id: 'u-agent', role: 'agent', displayName: '张话务', unitName: '12345 热线中心' });
const key = (init: Partial<KeyboardEvent>) =>
  ({
    key: '',
    code: '',
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...init,
  }) as KeyboardEvent;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, ASSIST_DEBOUNCE_MS + 200)));
const focused = () => document.activeElement?.id;
/** The open list has highlighted `title`: Enter now picks it. */
const activeOption = (title: string) =>
  waitFor(() =>
    expect(document.querySelector('.ant-select-item-option-active')).toHaveAttribute('title', title),
  );

describe('entry keys', () => {
  test('Ctrl/⌘+Enter saves, with Shift it saves and starts anew, Alt+N starts anew', () => {
    expect(entryShortcutOf(key({ key: 'Enter', ctrlKey: true }))).toBe('save');
    expect(entryShortcutOf(key({ key: 'Enter', metaKey: true }))).toBe('save');
    expect(entryShortcutOf(key({ key: 'Enter', ctrlKey: true, shiftKey: true }))).toBe('saveAndNew');
    expect(entryShortcutOf(key({ key: 'Enter', metaKey: true, shiftKey: true }))).toBe('saveAndNew');
    expect(entryShortcutOf(key({ key: 'n', code: 'KeyN', altKey: true }))).toBe('newEntry');
    // macOS Option+N types a dead key: the physical key still counts
    expect(entryShortcutOf(key({ key: 'Dead', code: 'KeyN', altKey: true }))).toBe('newEntry');
  });

  test('plain keys, other combinations and keys during IME composition are not shortcuts', () => {
    expect(entryShortcutOf(key({ key: 'Enter' }))).toBeNull();
    expect(entryShortcutOf(key({ key: 'Enter', shiftKey: true }))).toBeNull();
    expect(entryShortcutOf(key({ key: 'Enter', ctrlKey: true, altKey: true }))).toBeNull();
    expect(entryShortcutOf(key({ key: 'Escape' }))).toBeNull();
    expect(entryShortcutOf(key({ key: 'n', code: 'KeyN' }))).toBeNull();
    expect(entryShortcutOf(key({ key: 'n', code: 'KeyN', altKey: true, ctrlKey: true }))).toBeNull();
    expect(entryShortcutOf({ ...key({ key: 'Enter', ctrlKey: true }), isComposing: true })).toBeNull();
  });

  test('the cursor goes to the first empty field, and a pick moves on to the next one', () => {
    expect(firstEmptyField({})).toBe('citizen_phone');
    expect(firstEmptyField({ citizen: { phone: '13800001111' } })).toBe('citizen_name');
    expect(firstEmptyField({ citizen: { phone: '13800001111', name: ' ' } })).toBe('citizen_name');
    expect(firstEmptyField({ citizen: { phone: '1', name: '王' }, type: 'complaint' })).toBe('categoryId');
    expect(nextField('type')).toBe('categoryId');
    expect(nextField('categoryId')).toBe('title');
    expect(nextField('address')).toBeNull();
  });

  test('labels read as the keyboard does', () => {
    expect(shortcutLabel('save', false)).toBe('Ctrl+Enter');
    expect(shortcutLabel('saveAndNew', false)).toBe('Ctrl+Shift+Enter');
    expect(shortcutLabel('newEntry', false)).toBe('Alt+N');
    expect(shortcutLabel('save', true)).toBe('⌘+Enter');
  });

  test('a confidential draft carries no text to the assist panels', () => {
    const draft = {
      line: '12345',
      title: '举报',
      description: '某科长',
      address: '某路',
      phone: '138',
      categoryId: 'c',
    };
    expect(assistDraft(draft, false)).toBe(draft);
    expect(assistDraft(draft, true)).toEqual({ line: '12345', categoryId: 'c' });
  });
});

function Harness({ onKey, enabled = true }: { onKey: (k: string) => void; enabled?: boolean }) {
  useEntryShortcuts(
    { save: () => onKey('save'), saveAndNew: () => onKey('saveAndNew'), newEntry: () => onKey('newEntry') },
    enabled,
  );
  useNewEntryHotkey(true);
  return (
    <div>
      <input aria-label="field" />
      <div className="ant-modal-wrap">
        <input aria-label="in a dialog" />
      </div>
    </div>
  );
}

describe('useEntryShortcuts', () => {
  test('runs the shortcut wherever the focus is on the page, once, and leaves Esc alone', () => {
    const got: string[] = [];
    render(<Harness onKey={(k) => got.push(k)} />);
    const field = screen.getByLabelText('field');
    fireEvent.keyDown(field, { key: 'Enter', ctrlKey: true });
    fireEvent.keyDown(field, { key: 'Enter', ctrlKey: true, shiftKey: true });
    fireEvent.keyDown(document.body, { key: 'Enter', metaKey: true });
    // The shell's Alt+N and the page's both listen: the page takes it, the shell does not navigate.
    fireEvent.keyDown(field, { key: 'n', code: 'KeyN', altKey: true });
    fireEvent.keyDown(field, { key: 'Escape' });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(got).toEqual(['save', 'saveAndNew', 'save', 'newEntry']);
    expect(window.location.pathname).not.toBe('/tickets/new');
  });

  test('prevents the browser default, even after a select already prevented it', () => {
    render(<Harness onKey={() => undefined} />);
    const ev = new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true });
    screen.getByLabelText('field').dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
  });

  test('keys inside a dialog are the dialog’s, and a disabled page takes none', () => {
    const got: string[] = [];
    const { unmount } = render(<Harness onKey={(k) => got.push(k)} />);
    fireEvent.keyDown(screen.getByLabelText('in a dialog'), { key: 'Enter', ctrlKey: true });
    unmount();
    render(<Harness onKey={(k) => got.push(k)} enabled={false} />);
    fireEvent.keyDown(screen.getByLabelText('field'), { key: 'Enter', ctrlKey: true });
    expect(got).toEqual([]);
  });
});

describe('keyboard entry on the create page', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '/tickets/new');
    resetReferenceData();
  });

  const CATEGORIES = {
    items: [
      {
        id: 'c-wz',
        code: '0101',
        name: '违章建筑',
        parentId: null,
        level: 1,
        isLeaf: true,
        defaultUnitId: null,
        active: true,
        pinyin: 'weizhangjianzhu wzjz',
      },
    ],
  };

  test('opens with the cursor on the phone; from a screen pop, on the name', async () => {
    mockFetch({ 'GET /api/v1/categories': { body: { items: [] } } });
    const first = renderAsUser(<CreateTicketPage />, agent);
    await waitFor(() => expect(focused()).toBe('citizen_phone'));
    first.unmount();

    window.history.replaceState(null, '', '/tickets/new?phone=13800002222&callId=call-1');
    renderAsUser(<CreateTicketPage />, agent);
    await waitFor(() => expect(focused()).toBe('citizen_name'));
    expect(screen.getByLabelText('来电号码')).toHaveValue('13800002222');
    await settle();
  });

  test('type and category are picked by typing and Enter, each pick moving the cursor on', async () => {
    mockFetch({ 'GET /api/v1/categories': { body: CATEGORIES } });
    renderAsUser(<CreateTicketPage />, agent);
    const type = screen.getByLabelText('类型');
    act(() => type.focus());
    fireEvent.change(type, { target: { value: 'ts' } });
    await activeOption('投诉');
    fireEvent.keyDown(type, { key: 'Enter', keyCode: 13, which: 13 });
    await waitFor(() => expect(focused()).toBe('categoryId'));
    expect(type.closest('.ant-select')).toHaveTextContent('投诉');

    const category = screen.getByLabelText('分类');
    fireEvent.change(category, { target: { value: 'wzjz' } });
    await waitFor(() => expect(document.querySelector('.ant-select-tree-treenode')).not.toBeNull());
    fireEvent.keyDown(category, { key: 'Enter', keyCode: 13, which: 13 });
    await waitFor(() => expect(focused()).toBe('title'));
    expect(category.closest('.ant-select')).toHaveTextContent('0101 违章建筑');
  });

  test('Ctrl+Shift+Enter registers, then starts an empty form on the phone with the number on screen', async () => {
    let n = 0;
    const { calls } = mockFetch({
      'GET /api/v1/categories': { body: { items: [] } },
      'POST /api/v1/tickets': () => {
        n += 1;
        return { status: 201, body: { ticket: makeDetail({ id: `new-${n}`, no: `NO-${n}` }) } };
      },
    });
    renderAsUser(<CreateTicketPage />, agent);
    const fill = async (title: string) => {
      fireEvent.mouseDown(screen.getByLabelText('类型'));
      fireEvent.click(await screen.findByTitle('投诉'));
      fireEvent.change(screen.getByLabelText('来电号码'), { target: { value: '13800001111' } });
      fireEvent.change(screen.getByLabelText('标题'), { target: { value: title } });
      fireEvent.change(screen.getByLabelText('描述'), { target: { value: '三天没有收垃圾了' } });
    };
    await fill('小区垃圾无人清运');
    fireEvent.keyDown(screen.getByLabelText('描述'), { key: 'Enter', ctrlKey: true, shiftKey: true });

    const banner = await screen.findByTestId('entry-last-saved');
    expect(within(banner).getByRole('link', { name: 'NO-1' })).toHaveAttribute('href', '/tickets/new-1');
    expect(await screen.findByTestId('entry-saved-message')).toHaveTextContent('工单 NO-1 已登记');
    expect(window.location.pathname).toBe('/tickets/new');
    await waitFor(() => expect(focused()).toBe('citizen_phone'));
    expect(screen.getByLabelText('标题')).toHaveValue('');
    expect(screen.getByLabelText('来电号码')).toHaveValue('');

    await fill('第二张工单');
    fireEvent.keyDown(screen.getByLabelText('标题'), { key: 'Enter', metaKey: true, shiftKey: true });
    await waitFor(() =>
      expect(within(screen.getByTestId('entry-last-saved')).getByText('NO-2')).toBeTruthy(),
    );
    const posts = calls.filter((c) => c.method === 'POST').map((c) => c.body as Record<string, unknown>);
    expect(posts.map((p) => p.title)).toEqual(['小区垃圾无人清运', '第二张工单']);
    // a new ticket, not a retry of the first
    expect(posts[0]!.idempotencyKey).not.toBe(posts[1]!.idempotencyKey);
    await settle();
  });

  test('Alt+N asks before dropping what is typed; Esc keeps it, confirming clears it', async () => {
    mockFetch({ 'GET /api/v1/categories': { body: { items: [] } } });
    renderAsUser(<CreateTicketPage />, agent);
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '半句话' } });
    fireEvent.keyDown(screen.getByLabelText('标题'), { key: 'n', code: 'KeyN', altKey: true });
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('放弃正在填写的工单？');
    fireEvent.keyDown(dialog, { key: 'Escape', keyCode: 27 });
    await waitFor(() => expect(screen.queryByText('放弃正在填写的工单？')).not.toBeInTheDocument());
    expect(screen.getByLabelText('标题')).toHaveValue('半句话');

    fireEvent.keyDown(screen.getByLabelText('标题'), { key: 'n', code: 'KeyN', altKey: true });
    fireEvent.click(await screen.findByRole('button', { name: '放弃并新建' }));
    await waitFor(() => expect(screen.getByLabelText('标题')).toHaveValue(''));
    await settle();
  });

  test("a screen pop's 「新建工单」 reaches the open form: the caller's number, the cursor on the name", async () => {
    const { calls } = mockFetch({
      'GET /api/v1/categories': { body: { items: [] } },
      'POST /api/v1/tickets': { status: 201, body: { ticket: makeDetail({ id: 'new-1', no: 'NO-1' }) } },
    });
    renderAsUser(<CreateTicketPage />, agent);
    act(() => requestNewEntry({ phone: '13900003333', callId: 'call-9' }));
    await waitFor(() => expect(focused()).toBe('citizen_name'));
    expect(screen.getByLabelText('来电号码')).toHaveValue('13900003333');
    expect(window.location.search).toBe('?phone=13900003333&callId=call-9');

    fireEvent.mouseDown(screen.getByLabelText('类型'));
    fireEvent.click(await screen.findByTitle('咨询'));
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '咨询公积金' } });
    fireEvent.change(screen.getByLabelText('描述'), { target: { value: '怎么提取' } });
    fireEvent.keyDown(screen.getByLabelText('描述'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(window.location.pathname).toBe('/tickets/new-1'));
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      callId: 'call-9',
      citizen: { phone: '13900003333' },
    });
  });

  test('while a screen pop shows, Alt+N starts the ticket for that caller and closes the pop', async () => {
    mockFetch({ 'GET /api/v1/categories': { body: { items: [] } } });
    renderAsUser(<CreateTicketPage />, agent);
    await waitFor(() => expect(focused()).toBe('citizen_phone'));
    const taken = jest.fn();
    const withdraw = offerRingingCall({ phone: '13700005555', callId: 'call-ring' }, taken);
    fireEvent.keyDown(screen.getByLabelText('来电号码'), { key: 'n', code: 'KeyN', altKey: true });
    await waitFor(() => expect(focused()).toBe('citizen_name'));
    expect(screen.getByLabelText('来电号码')).toHaveValue('13700005555');
    expect(window.location.search).toBe('?phone=13700005555&callId=call-ring');
    expect(taken).toHaveBeenCalledTimes(1);
    withdraw();
    await settle();
  });

  test('marking the ticket confidential shows the banner and stops every lookup at once', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/categories': { body: { items: [] } },
      'GET /api/v1/tickets/duplicates': { body: { items: [] } },
      'POST /api/v1/routing/suggest': { body: { units: [], categories: [], modelTrainedAt: null } },
      'GET /api/v1/kb/search': { body: { items: [] } },
    });
    renderAsUser(<CreateTicketPage />, agent);
    expect(screen.queryByTestId('entry-confidential')).not.toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('保密'));
    expect(await screen.findByTestId('entry-confidential')).toHaveTextContent('保密工单');
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '举报某单位违规收费' } });
    fireEvent.change(screen.getByLabelText('描述'), { target: { value: '某单位多收取费用，请保密处理' } });
    fireEvent.change(screen.getByLabelText('来电号码'), { target: { value: '13800004444' } });
    await settle();
    await settle();
    expect(
      calls.filter((c) => !c.url.startsWith('/api/v1/categories') && !c.url.startsWith('/api/v1/units')),
    ).toEqual([]);
    expect(screen.queryByTestId('entry-assist')).not.toBeInTheDocument();
  });

  test('choosing line 12388 by typing in the line picker flags the report before anything is typed', async () => {
    const { calls } = mockFetch({ 'GET /api/v1/categories': { body: { items: [] } } });
    renderAsUser(<CreateTicketPage />, agent);
    const line = screen.getByLabelText('热线');
    act(() => line.focus());
    fireEvent.change(line, { target: { value: '12388' } });
    await activeOption('12388 纪检监察举报');
    fireEvent.keyDown(line, { key: 'Enter', keyCode: 13, which: 13 });
    expect(await screen.findByTestId('entry-confidential')).toHaveTextContent('12388 纪检监察举报 · 保密');
    await waitFor(() => expect(screen.getByLabelText('保密')).toBeChecked());
    fireEvent.change(screen.getByLabelText('描述'), { target: { value: '举报某科长收受购物卡' } });
    await settle();
    expect(calls.filter((c) => /duplicates|routing|kb/.test(c.url))).toEqual([]);
  });
});
