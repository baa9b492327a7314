import { PASSWORD_PROBLEM_MESSAGES } from '@hotline/shared';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ChangePasswordDialog } from '../src/features/users/ChangePasswordDialog';
import { UsersPage } from '../src/features/users/UsersPage';
import { mockFetch } from './support/fetchMock';
import { makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(60_000);

const admin = makeUser({ id: 'u-admin', username: 'admin', role: 'admin', unitKind: 'hotline' });
const HANDLE_A = 'A'.repeat(43);
const HANDLE_B = 'B'.repeat(43);

const usersBody = {
  items: [
    {
      id: 'u-agent',
      username: 'agent1',
      displayName: '张话务',
      role: 'agent',
      unitId: 'unit-centre',
      active: true,
      lastLoginAt: '2026-11-26T01:00:00.000Z',
    },
  ],
};
const unitsBody = {
  items: [
    {
      id: 'unit-centre',
      code: 'centre',
      name: '热线中心',
      kind: 'hotline',
      parentId: null,
      canDispatch: true,
      active: true,
      replySignoff: false,
      pinyin: 'rxzx',
    },
  ],
};
const session = (handle: string, userAgent: string) => ({
  handle,
  createdAt: '2026-11-26T01:00:00.000Z',
  lastSeenAt: '2026-11-26T01:30:00.000Z',
  expiresAt: '2026-11-26T03:30:00.000Z',
  ip: '10.0.0.8',
  userAgent,
  current: false,
});

describe('账号与会话 (accounts and sessions)', () => {
  test('lists a user’s live sessions; 注销 ends one, 全部下线 ends all', async () => {
    let live = [session(HANDLE_A, 'Chrome 130 · Windows'), session(HANDLE_B, 'Firefox 128 · Linux')];
    const { calls } = mockFetch({
      'GET /api/v1/users': { body: usersBody },
      'GET /api/v1/units': { body: unitsBody },
      'GET /api/v1/users/u-agent/sessions': () => ({ body: { items: live } }),
      [`DELETE /api/v1/sessions/${HANDLE_A}`]: () => {
        live = live.filter((s) => s.handle !== HANDLE_A);
        return { status: 204 };
      },
      'DELETE /api/v1/users/u-agent/sessions': () => {
        live = [];
        return { body: { revoked: 1 } };
      },
    });
    renderAsUser(<UsersPage />, admin);
    expect(await screen.findByText('张话务')).toBeInTheDocument();
    fireEvent.click(screen.getAllByRole('button', { name: /展开行/ })[0]!);
    const panel = await screen.findByTestId('sessions-u-agent');
    expect(await within(panel).findByText('Chrome 130 · Windows')).toBeInTheDocument();
    expect(within(panel).getByText('在线会话（2）')).toBeInTheDocument();

    const chromeRow = within(panel).getByText('Chrome 130 · Windows').closest('tr')!;
    fireEvent.click(within(chromeRow as HTMLElement).getByRole('button', { name: '注 销' }));
    await waitFor(() => expect(within(panel).queryByText('Chrome 130 · Windows')).not.toBeInTheDocument());
    expect(calls.some((c) => c.method === 'DELETE' && c.url === `/api/v1/sessions/${HANDLE_A}`)).toBe(true);

    fireEvent.click(within(panel).getByRole('button', { name: '全部下线' }));
    fireEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(within(panel).getByText('当前没有在线会话')).toBeInTheDocument());
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/users/u-agent/sessions')).toBe(true);
  });

  test('新建用户 shows the policy as the admin types and the server’s reasons on refusal', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/users': { body: usersBody },
      'GET /api/v1/units': { body: unitsBody },
      'POST /api/v1/users': {
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The request is not valid',
            details: { fields: { password: [PASSWORD_PROBLEM_MESSAGES.common] }, form: [] },
          },
        },
      },
    });
    renderAsUser(<UsersPage />, admin);
    fireEvent.click(await screen.findByRole('button', { name: '新建用户' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('用户名'), { target: { value: 'wang.li' } });
    const hint = within(dialog).getByTestId('password-hint');
    const rule = (r: string) => hint.querySelector(`[data-rule="${r}"]`)!.getAttribute('data-ok');

    fireEvent.change(within(dialog).getByLabelText('初始密码'), { target: { value: 'wang.li-short' } });
    await waitFor(() => expect(rule('too_short')).toBe('true'));
    expect(rule('contains_username')).toBe('false');

    fireEvent.change(within(dialog).getByLabelText('初始密码'), { target: { value: 'Password123!' } });
    await waitFor(() => expect(rule('contains_username')).toBe('true'));
    expect(rule('common')).toBe('false');
    expect(rule('too_simple')).toBe('true');
    fireEvent.change(within(dialog).getByLabelText('姓名'), { target: { value: '王力' } });
    fireEvent.mouseDown(within(dialog).getByLabelText('单位'));
    fireEvent.click(await screen.findByTitle('热线中心'));
    fireEvent.click(within(dialog).getByRole('button', { name: '保 存' }));
    expect(await within(dialog).findByText(PASSWORD_PROBLEM_MESSAGES.common)).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({
      username: 'wang.li',
      unitId: 'unit-centre',
    });
  });
});

describe('修改密码 (change my password)', () => {
  test('sends the current and the new password; a wrong current one shows on its field', async () => {
    let attempts = 0;
    const { calls } = mockFetch({
      'POST /api/v1/auth/password': () =>
        ++attempts === 1
          ? {
              status: 400,
              body: {
                error: {
                  code: 'VALIDATION_FAILED',
                  message: '当前密码不正确 (the current password is wrong)',
                  details: {
                    fields: { currentPassword: ['当前密码不正确 (the current password is wrong)'] },
                  },
                },
              },
            }
          : { body: { otherSessionsEnded: 2 } },
    });
    const onClose = jest.fn();
    renderAsUser(<ChangePasswordDialog open username="agent1" onClose={onClose} />, admin);
    fireEvent.change(screen.getByLabelText('当前密码'), { target: { value: 'wrong-one' } });
    fireEvent.change(screen.getByLabelText('新密码'), { target: { value: 'Quiet-river-42' } });
    fireEvent.change(screen.getByLabelText('确认新密码'), { target: { value: 'Quiet-river-42' } });
    fireEvent.click(screen.getByRole('button', { name: '修 改' }));
    expect(await screen.findByText('当前密码不正确 (the current password is wrong)')).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('当前密码'), { target: { value: 'Hotline@12345' } });
    fireEvent.click(screen.getByRole('button', { name: '修 改' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls.at(-1)!.body).toEqual({ currentPassword: 'Hotline@12345', newPassword: 'Quiet-river-42' });
  });
});
