export const ROLES = ['agent', 'dispatcher', 'unit_handler', 'unit_manager', 'supervisor', 'admin'] as const;
export type TRole = (typeof ROLES)[number];

/** Roles that work for the hotline centre itself and see every (non-confidential) ticket. */
export const HOTLINE_ROLES: readonly TRole[] = ['agent', 'dispatcher', 'supervisor', 'admin'];
/** Roles of member units: they see only tickets assigned to their unit subtree. */
export const UNIT_ROLES: readonly TRole[] = ['unit_handler', 'unit_manager'];

export const ROLE_LABELS: Record<TRole, { zh: string; en: string }> = {
  agent: { zh: '话务员', en: 'Agent' },
  dispatcher: { zh: '派单员', en: 'Dispatcher' },
  unit_handler: { zh: '承办人', en: 'Unit handler' },
  unit_manager: { zh: '单位管理员', en: 'Unit manager' },
  supervisor: { zh: '督办', en: 'Supervisor' },
  admin: { zh: '系统管理员', en: 'Administrator' },
};

export function isUnitRole(role: TRole): boolean {
  return UNIT_ROLES.includes(role);
}
