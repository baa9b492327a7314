import type { TSessionUser } from '@hotline/shared';

/** Whoever performs a use case: a signed-in user, or the system (workers). */
export type TUserActor = TSessionUser & {
  kind: 'user';
  unitParentId: string | null;
  unitPath: string;
  /** May read the content of confidential (12388) tickets: named users and 市纪委监委's staff. */
  confidentialReader: boolean;
};
export type TSystemActor = { kind: 'system'; name: string };
export type TActor = TUserActor | TSystemActor;

export const SYSTEM_ROUTER: TSystemActor = { kind: 'system', name: '智能派单' };
export const SYSTEM_CLOCK: TSystemActor = { kind: 'system', name: '时限监控' };
export const SYSTEM_MERGE: TSystemActor = { kind: 'system', name: '并单同步' };
