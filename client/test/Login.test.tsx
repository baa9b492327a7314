import { act, fireEvent, render, screen } from '@testing-library/react';
import { App } from '../src/App';
import { FakeSocket } from './support/fakeSocket';
import { apiError, mockFetch } from './support/fetchMock';
import { makeUser } from './support/fixtures';

describe('login', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '/tickets');
    window.localStorage.clear();
  });

  it('shows the error message the API returns', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': apiError(401, 'UNAUTHENTICATED', 'Not signed in'),
      'POST /api/v1/auth/login': apiError(401, 'UNAUTHENTICATED', '用户名或密码错误'),
    });
    render(<App initialLang="zh" socketFactory={() => new FakeSocket().asSocket()} />);

    fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: 'agent1' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByTestId('login-submit'));

    expect(await screen.findByRole('alert')).toHaveTextContent('用户名或密码错误');
    const login = calls.find((c) => c.method === 'POST');
    expect(login?.body).toEqual({ username: 'agent1', password: 'wrong' });
    expect(login?.headers['X-Requested-With']).toBe('hotline');
  });

  it('opens the console with the user, role and unit after a successful login', async () => {
    const user = makeUser({ displayName: '张话务', role: 'agent', unitName: '12345 热线中心' });
    mockFetch({
      'GET /api/v1/auth/me': apiError(401, 'UNAUTHENTICATED', 'Not signed in'),
      'POST /api/v1/auth/login': { body: { user } },
      'GET /api/v1/tickets': { body: { items: [], nextCursor: null } },
    });
    const socket = new FakeSocket();
    render(<App initialLang="zh" socketFactory={() => socket.asSocket()} />);

    fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: 'agent1' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'Hotline@12345' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('login-submit'));
    });

    const who = await screen.findByTestId('current-user');
    expect(who).toHaveTextContent('张话务');
    expect(who).toHaveTextContent('话务员 · 12345 热线中心');
    expect(screen.getByRole('menuitem', { name: /新建工单/ })).toBeInTheDocument();
    expect(screen.getByTestId('connection')).toHaveAttribute('data-status', 'connected');
  });

  it('switches the console to English and remembers it', async () => {
    mockFetch({ 'GET /api/v1/auth/me': apiError(401, 'UNAUTHENTICATED', 'Not signed in') });
    render(<App socketFactory={() => new FakeSocket().asSocket()} />);
    expect(await screen.findByLabelText('用户名')).toBeInTheDocument();
    fireEvent.click(screen.getByText('English'));
    expect(await screen.findByLabelText('Username')).toBeInTheDocument();
    expect(window.localStorage.getItem('hotline.lang')).toBe('en');
  });
});
