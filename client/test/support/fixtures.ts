import type { TSessionUser, TTicketDetail, TTicketDetailResponse, TTicketSummary } from '@hotline/shared';

export function makeUser(overrides: Partial<TSessionUser> = {}): TSessionUser {
  return {
    id: 'u-handler',
    username: 'cgj_handler',
    displayName: '王承办',
    role: 'unit_handler',
    unitId: 'unit-cgj',
    unitName: '市城管局',
    unitKind: 'department',
    unitCanDispatch: false,
    ...overrides,
  };
}

export function makeSummary(overrides: Partial<TTicketSummary> = {}): TTicketSummary {
  return {
    id: 't1',
    no: '20250601000001',
    line: '12345',
    channel: 'phone',
    type: 'complaint',
    urgency: 'normal',
    title: '夜间施工噪音扰民',
    status: 'dispatched',
    categoryId: 'c1',
    categoryName: '噪音污染',
    leadUnitId: 'unit-cgj',
    leadUnitName: '市城管局',
    districtName: '天宁区',
    dueAt: new Date(Date.now() + 5 * 3600_000).toISOString(),
    dueKind: 'sign',
    overdue: false,
    supervisionLevel: null,
    confidential: false,
    citizenPhoneMasked: '138****5678',
    createdAt: '2025-06-01T08:00:00.000Z',
    updatedAt: '2025-06-01T08:00:00.000Z',
    version: 3,
    ...overrides,
  };
}

export function makeDetail(overrides: Partial<TTicketDetail> = {}): TTicketDetail {
  return {
    ...makeSummary(),
    description: '工地每晚十一点后仍在施工，噪音很大。',
    address: '天宁区青山路 8 号',
    citizenName: '李先生',
    parentId: null,
    statusBeforeSuspend: null,
    childIds: [],
    extensionPending: false,
    callbackDone: false,
    satisfaction: null,
    callId: null,
    ...overrides,
  };
}

export function makeDetailResponse(overrides: Partial<TTicketDetailResponse> = {}): TTicketDetailResponse {
  return {
    ticket: makeDetail(),
    timeline: [
      {
        id: 1,
        type: 'ticket.created',
        actorName: '张话务',
        actorRole: 'agent',
        unitName: '12345 热线中心',
        fromStatus: null,
        toStatus: 'registered',
        payload: {},
        createdAt: '2025-06-01T08:00:00.000Z',
      },
      {
        id: 2,
        type: 'ticket.dispatched',
        actorName: '赵派单',
        actorRole: 'dispatcher',
        unitName: '12345 热线中心',
        fromStatus: 'registered',
        toStatus: 'dispatched',
        payload: { unitName: '市城管局', note: '请尽快核查' },
        createdAt: '2025-06-01T08:10:00.000Z',
      },
    ],
    assignments: [
      {
        id: 'a1',
        unitId: 'unit-cgj',
        unitName: '市城管局',
        role: 'lead',
        status: 'pending',
        dispatchedAt: '2025-06-01T08:10:00.000Z',
        signedAt: null,
        repliedAt: null,
        replyContent: null,
        returnReason: null,
        parentAssignmentId: null,
        forwardedAt: null,
        redoCount: 0,
        returnDecision: null,
      },
    ],
    deadlines: [],
    availableActions: ['sign', 'return'],
    ...overrides,
  };
}
