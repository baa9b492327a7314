import type { TSessionUser } from '@hotline/shared';
import { render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { ReactElement } from 'react';
import { SessionContext, type TSession } from '../../src/features/auth/sessionContext';
import { I18nProvider } from '../../src/i18n/I18nProvider';
import { RealtimeContext } from '../../src/realtime/realtimeContext';
import { FakeSocket } from './fakeSocket';

/** Renders a screen as a signed-in user, with a fake socket the test can push events through. */
export function renderAsUser(ui: ReactElement, user: TSessionUser) {
  const socket = new FakeSocket();
  const session: TSession = {
    status: 'authenticated',
    user,
    error: null,
    expired: false,
    login: async () => user,
    logout: async () => undefined,
    reload: () => undefined,
  };
  const result = render(
    <I18nProvider initialLang="zh">
      <ConfigProvider locale={zhCN}>
        <AntApp>
          <SessionContext.Provider value={session}>
            <RealtimeContext.Provider value={{ socket: socket.asSocket(), status: 'connected' }}>
              {ui}
            </RealtimeContext.Provider>
          </SessionContext.Provider>
        </AntApp>
      </ConfigProvider>
    </I18nProvider>,
  );
  return { ...result, socket };
}
