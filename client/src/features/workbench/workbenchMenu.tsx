import { CustomerServiceOutlined, DashboardOutlined, SendOutlined } from '@ant-design/icons';
import type { TSessionUser } from '@hotline/shared';
import type { TTranslate } from '../../i18n/context';
import {
  CALLBACKS_PATH,
  DISPATCH_DESK_PATH,
  UNIT_DESK_PATH,
  canUseCallbacks,
  canUseDispatchDesk,
  canUseUnitDesk,
  isCallbacksPath,
  isDispatchDeskPath,
  isUnitDeskPath,
} from './workbenchAccess';

/** The shell's menu entries of the workbenches this user works at (the desks come first). */
export function workbenchMenuItems(user: Pick<TSessionUser, 'role' | 'unitKind'>, t: TTranslate) {
  return [
    ...(canUseDispatchDesk(user)
      ? [{ key: 'dispatch-desk', icon: <SendOutlined />, label: t('wb.nav.dispatchDesk') }]
      : []),
    ...(canUseUnitDesk(user)
      ? [{ key: 'unit-desk', icon: <DashboardOutlined />, label: t('wb.nav.unitDesk') }]
      : []),
    ...(canUseCallbacks(user)
      ? [{ key: 'callbacks', icon: <CustomerServiceOutlined />, label: t('wb.nav.callbacks') }]
      : []),
  ];
}

export const WORKBENCH_TARGETS: Record<string, string> = {
  'dispatch-desk': DISPATCH_DESK_PATH,
  'unit-desk': UNIT_DESK_PATH,
  callbacks: CALLBACKS_PATH,
};

/** The menu key of the workbench at this path, if it is one. */
export function workbenchMenuKey(pathname: string): string | null {
  if (isDispatchDeskPath(pathname)) return 'dispatch-desk';
  if (isUnitDeskPath(pathname)) return 'unit-desk';
  if (isCallbacksPath(pathname)) return 'callbacks';
  return null;
}
