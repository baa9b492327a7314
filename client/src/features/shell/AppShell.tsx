import {
  ApartmentOutlined,
  AuditOutlined,
  DashboardOutlined,
  FundProjectionScreenOutlined,
  BookOutlined,
  FileAddOutlined,
  FileDoneOutlined,
  FireOutlined,
  InboxOutlined,
  LogoutOutlined,
  MessageOutlined,
  PhoneOutlined,
  SolutionOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { ROLE_LABELS, isUnitRole } from '@hotline/shared';
import { Avatar, Button, Dropdown, Flex, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { navigate, paths, usePathname, type TRoute } from '../../router/router';
import { SystemAlerts } from '../alerts/SystemAlerts';
import { seesSystemAlerts } from '../alerts/alertsApi';
import { useCurrentUser, useSession } from '../auth/useSession';
import { CallPopup } from '../calls/CallPopup';
import { MISSED_CALLS_PATH, canUseCalls, isMissedCallsPath } from '../calls/callsAccess';
import { DISPATCH_ADMIN_PATH, canViewDispatchAdmin, isDispatchAdminPath } from '../dispatch/dispatchAccess';
import { KB_PATH, matchKbPath } from '../kb/kbAccess';
import { POLLS_PATH, canUsePolls, matchPollsPath } from '../polls/pollsAccess';
import { OVERVIEW_PATH, canViewOverview, isOverviewPath } from '../stats/statsApi';
import { REPORTS_PATH, canViewReports, isReportsPath } from '../reports/reportsApi';
import { HOT_TOPICS_PATH, canViewHotTopics, isHotTopicsPath } from '../hot-topics/hotTopicsApi';
import { HotTopicNotifier } from '../hot-topics/HotTopicNotifier';
import { AUDIT_PATH, canViewAudit, isAuditPath } from '../audit/auditApi';
import { ChangePasswordDialog } from '../users/ChangePasswordDialog';
import { USERS_PATH, canManageUsers, isUsersPath } from '../users/usersApi';
import { SCREEN_PATH, canOpenScreen } from '../screen/screenApi';
import { canCreateTickets } from '../tickets/permissions';
import { TRIAGE_PATH, canUseTriage, isTriagePath } from '../triage/triageAccess';
import { WORKBENCH_TARGETS, workbenchMenuItems, workbenchMenuKey } from '../workbench/workbenchMenu';
import { ASSESSMENT_TARGETS, assessmentMenuItems, assessmentMenuKey } from '../assessment/assessmentMenu';
import { ConnectionIndicator } from './ConnectionIndicator';
import { LanguageSwitch } from './LanguageSwitch';

const { Header, Sider, Content } = Layout;

export function AppShell({ route, children }: { route: TRoute; children: ReactNode }) {
  const { t, label } = useI18n();
  const user = useCurrentUser();
  const { logout } = useSession();
  const [collapsed, setCollapsed] = useState(false);
  const canCreate = canCreateTickets(user.role);
  const onTriage = isTriagePath(usePathname());
  const onMissedCalls = isMissedCallsPath(usePathname());
  const onPolls = matchPollsPath(usePathname()) !== null;
  const onDispatchAdmin = isDispatchAdminPath(usePathname());
  const onOverview = isOverviewPath(usePathname());
  const onKb = matchKbPath(usePathname()) !== null;
  const onWorkbench = workbenchMenuKey(usePathname());
  const onAssessment = assessmentMenuKey(usePathname());
  const onReports = isReportsPath(usePathname());
  const onHotTopics = isHotTopicsPath(usePathname());
  const onAudit = isAuditPath(usePathname());
  const onUsers = isUsersPath(usePathname());
  const [changingPassword, setChangingPassword] = useState(false);

  const items = [
    ...workbenchMenuItems(user, t),
    {
      key: 'list',
      icon: isUnitRole(user.role) ? <InboxOutlined /> : <UnorderedListOutlined />,
      label: isUnitRole(user.role) ? t('nav.inbox') : t('nav.tickets'),
    },
    ...(canCreate ? [{ key: 'create', icon: <FileAddOutlined />, label: t('nav.create') }] : []),
    ...(canUseTriage(user) ? [{ key: 'triage', icon: <MessageOutlined />, label: t('triage.nav') }] : []),
    ...(canUseCalls(user) ? [{ key: 'calls', icon: <PhoneOutlined />, label: t('calls.nav') }] : []),
    ...(canUsePolls(user) ? [{ key: 'polls', icon: <SolutionOutlined />, label: t('polls.nav') }] : []),
    ...(canViewOverview(user)
      ? [{ key: 'overview', icon: <DashboardOutlined />, label: t('overview.nav') }]
      : []),
    ...(canOpenScreen(user)
      ? [{ key: 'screen', icon: <FundProjectionScreenOutlined />, label: t('screen.nav') }]
      : []),
    ...(canViewDispatchAdmin(user)
      ? [{ key: 'dispatch', icon: <ApartmentOutlined />, label: t('dispatch.nav') }]
      : []),
    // Everyone signed in reads the knowledge base.
    { key: 'kb', icon: <BookOutlined />, label: t('kb.nav') },
    ...assessmentMenuItems(user, t),
    ...(canViewReports(user)
      ? [{ key: 'reports', icon: <FileDoneOutlined />, label: t('reports.nav') }]
      : []),
    ...(canViewHotTopics(user)
      ? [{ key: 'hotTopics', icon: <FireOutlined />, label: t('hotTopics.nav') }]
      : []),
    ...(canViewAudit(user) ? [{ key: 'audit', icon: <AuditOutlined />, label: t('audit.nav') }] : []),
    ...(canManageUsers(user) ? [{ key: 'users', icon: <TeamOutlined />, label: t('users.nav') }] : []),
  ];
  const targets: Record<string, string> = {
    list: paths.list(),
    create: paths.create(),
    triage: TRIAGE_PATH,
    calls: MISSED_CALLS_PATH,
    polls: POLLS_PATH,
    dispatch: DISPATCH_ADMIN_PATH,
    overview: OVERVIEW_PATH,
    screen: SCREEN_PATH,
    kb: KB_PATH,
    ...WORKBENCH_TARGETS,
    ...ASSESSMENT_TARGETS,
    reports: REPORTS_PATH,
    hotTopics: HOT_TOPICS_PATH,
    audit: AUDIT_PATH,
    users: USERS_PATH,
  };
  const selected = onHotTopics
    ? 'hotTopics'
    : onWorkbench
      ? onWorkbench
      : onReports
        ? 'reports'
        : onAssessment
          ? onAssessment
          : onOverview
            ? 'overview'
            : onTriage
              ? 'triage'
              : onMissedCalls
                ? 'calls'
                : onPolls
                  ? 'polls'
                  : onDispatchAdmin
                    ? 'dispatch'
                    : route.name === 'create'
                      ? 'create'
                      : onKb
                        ? 'kb'
                        : onAudit
                          ? 'audit'
                          : onUsers
                            ? 'users'
                            : 'list';

  return (
    <Layout className="app-shell">
      <Header className="app-header">
        <Flex align="center" gap={12} style={{ minWidth: 0 }}>
          <div className="brand-mark brand-mark-small" aria-hidden>
            12345
          </div>
          <Typography.Text className="app-title" ellipsis>
            {t('app.name')}
          </Typography.Text>
        </Flex>
        <Space size={16} align="center">
          <LanguageSwitch />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [{ key: 'password', label: t('users.password.menu') }],
              onClick: () => setChangingPassword(true),
            }}
          >
            {/* A button, so the user menu (修改密码) is reachable with Tab and opens with Enter. */}
            <Button type="text" className="app-user-button" aria-haspopup="menu">
              <Space size={8} className="app-user" data-testid="current-user">
                <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#3b82f6' }} />
                <span>{user.displayName}</span>
                <Typography.Text className="app-user-meta">
                  {label(ROLE_LABELS[user.role])} · {user.unitName}
                </Typography.Text>
              </Space>
            </Button>
          </Dropdown>
          <ChangePasswordDialog
            open={changingPassword}
            username={user.username}
            onClose={() => setChangingPassword(false)}
          />
          <Tooltip title={t('auth.logout')}>
            <Button
              type="text"
              className="app-logout"
              icon={<LogoutOutlined />}
              aria-label={t('auth.logout')}
              onClick={() => void logout().then(() => navigate(paths.login(), { replace: true }))}
            />
          </Tooltip>
        </Space>
      </Header>
      <Layout>
        <Sider
          theme="light"
          width={200}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          className="app-sider"
        >
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            items={items}
            onClick={({ key }) => navigate(targets[key] ?? paths.list())}
            style={{ borderInlineEnd: 'none' }}
          />
          <div className="app-sider-footer">
            <ConnectionIndicator collapsed={collapsed} />
          </div>
        </Sider>
        <Content className="app-content">
          {seesSystemAlerts(user.role) && <SystemAlerts />}
          {children}
        </Content>
        <CallPopup />
        {user.role === 'supervisor' && <HotTopicNotifier />}
      </Layout>
    </Layout>
  );
}
