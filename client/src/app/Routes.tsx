import { Button, Flex, Result, Spin } from 'antd';
import { useEffect } from 'react';
import { errorMessage } from '../api/errorMessage';
import { LoginPage } from '../features/auth/LoginPage';
import { useSession } from '../features/auth/useSession';
import { MissedCallsPage } from '../features/calls/MissedCallsPage';
import { isMissedCallsPath } from '../features/calls/callsAccess';
import { DispatchAdminPage } from '../features/dispatch/DispatchAdminPage';
import { isDispatchAdminPath } from '../features/dispatch/dispatchAccess';
import { KbPage } from '../features/kb/KbPage';
import { matchKbPath } from '../features/kb/kbAccess';
import { AssessmentRoutes } from '../features/assessment/AssessmentRoutes';
import { matchAssessmentPath } from '../features/assessment/assessmentAccess';
import { PortalRoutes } from '../features/portal/PortalRoutes';
import { SupervisorOverviewPage } from '../features/stats/SupervisorOverviewPage';
import { isOverviewPath } from '../features/stats/statsApi';
import { ScreenPage } from '../features/screen/ScreenPage';
import { isScreenPath } from '../features/screen/screenApi';
import { isPortalPath } from '../features/portal/portalPaths';
import { PollsPage } from '../features/polls/PollsPage';
import { ReportsPage } from '../features/reports/ReportsPage';
import { isReportsPath } from '../features/reports/reportsApi';
import { HotTopicsPage } from '../features/hot-topics/HotTopicsPage';
import { isHotTopicsPath } from '../features/hot-topics/hotTopicsApi';
import { matchPollsPath } from '../features/polls/pollsAccess';
import { AppShell } from '../features/shell/AppShell';
import { AuditPage } from '../features/audit/AuditPage';
import { isAuditPath } from '../features/audit/auditApi';
import { UsersPage } from '../features/users/UsersPage';
import { isUsersPath } from '../features/users/usersApi';
import { CreateTicketPage } from '../features/tickets/create/CreateTicketPage';
import { TicketDetailPage } from '../features/tickets/detail/TicketDetailPage';
import { TicketListPage } from '../features/tickets/list/TicketListPage';
import { TriagePage } from '../features/triage/TriagePage';
import { isTriagePath } from '../features/triage/triageAccess';
import { CallbacksPage } from '../features/workbench/CallbacksPage';
import { DispatchDeskPage } from '../features/workbench/DispatchDeskPage';
import { UnitDeskPage } from '../features/workbench/UnitDeskPage';
import {
  UNIT_DESK_PATH,
  canUseUnitDesk,
  isCallbacksPath,
  isDispatchDeskPath,
  isUnitDeskPath,
} from '../features/workbench/workbenchAccess';
import { useI18n } from '../i18n/useI18n';
import { navigate, paths, usePathname, useRoute } from '../router/router';

/** Which screen to show: the session decides first, then the path. */
export function Routes() {
  const { t } = useI18n();
  const session = useSession();
  const route = useRoute();
  const triage = isTriagePath(usePathname());
  const missedCalls = isMissedCallsPath(usePathname());
  const pathname = usePathname();
  const polls = matchPollsPath(usePathname()) !== null;
  const dispatchAdmin = isDispatchAdminPath(pathname);
  const dispatchDesk = isDispatchDeskPath(pathname);
  const unitDesk = isUnitDeskPath(pathname);
  const callbacks = isCallbacksPath(pathname);
  const overview = isOverviewPath(pathname);
  const kb = matchKbPath(pathname) !== null;
  const assessment = matchAssessmentPath(pathname);
  const reports = isReportsPath(pathname);
  const hotTopics = isHotTopicsPath(pathname);
  const audit = isAuditPath(pathname);
  const usersAdmin = isUsersPath(pathname);

  // Where a signed-in user lands: units start on their urgency board, everyone else on the list.
  const home = session.user && canUseUnitDesk(session.user) ? UNIT_DESK_PATH : paths.list();
  useEffect(() => {
    if (session.status !== 'authenticated') return;
    if (route.name === 'login' || (pathname === '/' && home !== paths.list()))
      navigate(home, { replace: true });
  }, [session.status, route.name, pathname, home]);

  // The public portal needs no session: it is shown before any sign-in gate.
  if (isPortalPath(pathname)) return <PortalRoutes pathname={pathname} />;
  if (session.status === 'loading') {
    return (
      <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" description={t('common.loading')} />
      </Flex>
    );
  }
  if (session.status === 'error') {
    return (
      <Result
        status="warning"
        title={t('common.networkError')}
        subTitle={errorMessage(session.error, t)}
        extra={<Button onClick={session.reload}>{t('common.retry')}</Button>}
      />
    );
  }
  // Signed out: show the login form in place, so the console returns to the same page afterwards.
  if (session.status === 'anonymous') return <LoginPage />;
  // The big screen (大屏) fills the window on its own: no console chrome.
  if (isScreenPath(pathname)) return <ScreenPage />;

  return (
    <AppShell route={route}>
      {triage ? (
        <TriagePage />
      ) : missedCalls ? (
        <MissedCallsPage />
      ) : polls ? (
        <PollsPage />
      ) : dispatchAdmin ? (
        <DispatchAdminPage />
      ) : dispatchDesk ? (
        <DispatchDeskPage />
      ) : unitDesk ? (
        <UnitDeskPage />
      ) : callbacks ? (
        <CallbacksPage />
      ) : overview ? (
        <SupervisorOverviewPage />
      ) : kb ? (
        <KbPage />
      ) : assessment ? (
        <AssessmentRoutes match={assessment} />
      ) : reports ? (
        <ReportsPage />
      ) : hotTopics ? (
        <HotTopicsPage />
      ) : audit ? (
        <AuditPage />
      ) : usersAdmin ? (
        <UsersPage />
      ) : route.name === 'detail' ? (
        <TicketDetailPage key={route.id} id={route.id} />
      ) : route.name === 'create' ? (
        <CreateTicketPage />
      ) : route.name === 'notFound' ? (
        <Result
          status="404"
          title={t('common.notFound')}
          extra={
            <Button type="primary" onClick={() => navigate(paths.list())}>
              {t('common.backToList')}
            </Button>
          }
        />
      ) : (
        <TicketListPage />
      )}
    </AppShell>
  );
}
