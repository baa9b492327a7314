import type { TRole, TUnitKind } from '@hotline/shared';

/** Whoever performs a use case: a signed-in user, or the system (workers). */
export type TUserActor = {
  kind: 'user';
  id: string;
  username: string;
  displayName: string;
  role: TRole;
  unitId: string;
  unitName: string;
  unitKind: TUnitKind;
  unitParentId: string | null;
  unitPath: string;
};
export type TSystemActor = { kind: 'system'; name: string };
export type TActor = TUserActor | TSystemActor;

export const SYSTEM_ROUTER: TSystemActor = { kind: 'system', name: '智能派单' };
export const SYSTEM_CLOCK: TSystemActor = { kind: 'system', name: '时限监控' };
