import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, type ReactNode } from 'react';
import { Routes } from './app/Routes';
import { theme } from './app/theme';
import { SessionProvider } from './features/auth/SessionProvider';
import { useSession } from './features/auth/useSession';
import type { TLang } from './i18n/context';
import { I18nProvider } from './i18n/I18nProvider';
import { useI18n } from './i18n/useI18n';
import { RealtimeProvider, type TSocketFactory } from './realtime/RealtimeProvider';

function LocalizedAntd({ children }: { children: ReactNode }) {
  const { lang, t } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('app.name');
  }, [lang, t]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme} componentSize="middle">
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function SessionRealtime({
  children,
  socketFactory,
}: {
  children: ReactNode;
  socketFactory?: TSocketFactory;
}) {
  const { user } = useSession();
  return (
    <RealtimeProvider userId={user?.id ?? null} factory={socketFactory}>
      {children}
    </RealtimeProvider>
  );
}

export function App({ initialLang, socketFactory }: { initialLang?: TLang; socketFactory?: TSocketFactory }) {
  return (
    <I18nProvider initialLang={initialLang}>
      <LocalizedAntd>
        <SessionProvider>
          <SessionRealtime socketFactory={socketFactory}>
            <Routes />
          </SessionRealtime>
        </SessionProvider>
      </LocalizedAntd>
    </I18nProvider>
  );
}
