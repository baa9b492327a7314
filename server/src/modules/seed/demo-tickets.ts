import type { TTicketAction } from '@hotline/shared';
import { eq, isNotNull, sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../app-context';
import type { TDbOrTx } from '../../infra/db/client';
import { categories, units, users } from '../../infra/db/schema';
import type { TUserActor } from '../auth/actor';
import { createTicket } from '../tickets/use-cases/create-ticket';
import { performTicketAction } from '../tickets/use-cases/perform-ticket-action';

type TStep = [username: string, action: TTicketAction, input?: Record<string, unknown>];
type TScenario = {
  title: string;
  description: string;
  type: string;
  category: string;
  /** unit code the dispatcher sends it to (defaults to the category's default unit) */
  unit?: string;
  address: string;
  caller: [phone: string, name: string];
  urgency?: string;
  line?: string;
  channel?: string;
  /** how many hours ago the citizen called */
  hoursAgo: number;
  steps: TStep[];
};

const DISPATCH: TStep = ['dispatcher1', 'dispatch'];
const SIGN: TStep = ['cgj_handler', 'sign'];
const REPLY: TStep = [
  'cgj_handler',
  'reply',
  { content: '经现场核查已处理完毕，并向市民说明情况。', solved: true },
];
/** 审核签发: in the demo the handler's reply leaves 市城管局 once its manager signs it off. */
const SIGNOFF: TStep = ['cgj_manager', 'signoff-reply'];
const APPROVE: TStep = ['dispatcher1', 'approve-reply'];
const CALLBACK: TStep = [
  'agent1',
  'callback',
  { satisfaction: 'satisfied', comment: '市民对处理结果表示满意' },
];
const CLOSE: TStep = ['agent1', 'close'];

/** A working day's worth of believable tickets in every state, so a first start shows a live console. */
const SCENARIOS: TScenario[] = [
  {
    title: '小区楼顶违章搭建彩钢房',
    description: '顶楼住户私自搭建彩钢房，存在安全隐患，多次劝阻无效。',
    type: 'complaint',
    category: '违章建筑',
    address: '天宁区青龙街道龙锦路 18 号',
    caller: ['13813570001', '王先生'],
    hoursAgo: 72,
    steps: [DISPATCH, SIGN, REPLY, SIGNOFF, APPROVE, CALLBACK, CLOSE],
  },
  {
    title: '菜市场门口占道经营',
    description: '早晚高峰菜贩占用人行道摆摊，行人只能走机动车道。',
    type: 'complaint',
    category: '占道经营',
    address: '钟楼区南大街街道延陵西路菜场',
    caller: ['13813570002', '李女士'],
    hoursAgo: 50,
    steps: [DISPATCH, SIGN, REPLY, SIGNOFF, APPROVE],
  },
  {
    title: '夜间工地渣土车抛洒',
    description: '凌晨渣土车经过沿线路面有大量泥土抛洒，扬尘严重。',
    type: 'complaint',
    category: '渣土运输与工地扬尘',
    address: '新北区三井街道太湖东路',
    caller: ['13813570003', '赵先生'],
    hoursAgo: 30,
    steps: [DISPATCH, SIGN, REPLY, SIGNOFF],
  },
  {
    title: '路灯损坏夜间漆黑',
    description: '小区门口路段三盏路灯不亮已一周，夜间行人看不清路面。',
    type: 'help',
    category: '市容环境卫生',
    address: '钟楼区北港街道星港路',
    caller: ['13813570011', '卫女士'],
    hoursAgo: 20,
    // Left awaiting the manager's sign-off (待签发), for cgj_manager's queue.
    steps: [DISPATCH, SIGN, REPLY],
  },
  {
    title: '垃圾清运不及时',
    description: '小区垃圾桶已满两天未清运，气味很大。',
    type: 'help',
    category: '市容环境卫生',
    address: '天宁区茶山街道丽华新村',
    caller: ['13813570004', '陈阿姨'],
    hoursAgo: 26,
    steps: [DISPATCH, SIGN],
  },
  {
    title: '人行道井盖缺失',
    description: '和平路与人民路交叉口人行道井盖缺失，夜间有人险些掉入。',
    type: 'help',
    category: '市容环境卫生',
    address: '钟楼区和平路人民路口',
    caller: ['13813570005', '周先生'],
    urgency: 'urgent',
    hoursAgo: 5,
    steps: [DISPATCH],
  },
  {
    title: '广场舞噪音扰民',
    description: '每晚八点到十点广场舞音响声音过大，影响休息。',
    type: 'complaint',
    category: '占道经营',
    address: '武进区湖塘镇花园街广场',
    caller: ['13813570006', '孙女士'],
    hoursAgo: 2,
    steps: [],
  },
  {
    title: '咨询公积金提取流程',
    description: '购买首套房想提取公积金，需要哪些材料？',
    type: 'consultation',
    category: '',
    address: '',
    caller: ['13813570007', '吴先生'],
    hoursAgo: 1,
    steps: [['agent1', 'answer', { answer: '告知需携带身份证、购房合同及发票，可在线办理。' }]],
  },
  {
    title: '店铺招牌破损有坠落风险',
    description: '沿街商铺招牌一角脱落，大风天有坠落危险。',
    type: 'report',
    category: '市容环境卫生',
    address: '天宁区红梅街道红梅西路 66 号',
    caller: ['13813570008', '郑先生'],
    urgency: 'critical',
    hoursAgo: 0.5,
    steps: [DISPATCH],
  },
  {
    title: '违建拆除后建筑垃圾未清',
    description: '违建拆除后建筑垃圾堆在楼道口一周未清理。',
    type: 'complaint',
    category: '违章建筑',
    address: '新北区河海街道汉江路小区',
    caller: ['13813570009', '冯女士'],
    hoursAgo: 120,
    steps: [
      DISPATCH,
      SIGN,
      REPLY,
      SIGNOFF,
      APPROVE,
      ['agent1', 'callback', { satisfaction: 'unsatisfied', comment: '垃圾仍未清运完毕' }],
    ],
  },
  {
    title: '共享单车乱停放堵塞盲道',
    description: '地铁站出口共享单车堆放，盲道被完全占用。',
    type: 'suggestion',
    category: '占道经营',
    address: '钟楼区荷花池街道地铁1号线文化宫站',
    caller: ['13813570010', '褚先生'],
    hoursAgo: 8,
    steps: [DISPATCH, ['cgj_handler', 'return', { reason: '共享单车管理属交通运输部门职责，建议改派。' }]],
  },
];

async function actorsByUsername(ctx: TUseCaseContext): Promise<Map<string, TUserActor>> {
  const rows = await ctx.db
    .select({ u: users, unit: units })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId));
  return new Map(
    rows.map(({ u, unit }) => [
      u.username,
      {
        kind: 'user',
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role as TUserActor['role'],
        unitId: unit.id,
        unitName: unit.name,
        unitKind: unit.kind as TUserActor['unitKind'],
        unitCanDispatch: unit.canDispatch,
        unitParentId: unit.parentId,
        unitPath: unit.path,
        confidentialReader: u.confidentialReader,
      },
    ]),
  );
}

/**
 * The demo turns on 审核签发 for every unit below the city centre: a handler's reply waits for
 * the unit manager before it leaves the unit. The base seed (and so the tests) keeps it off.
 */
export async function enableDemoReplySignoff(db: TDbOrTx): Promise<void> {
  await db.update(units).set({ replySignoff: true }).where(isNotNull(units.parentId));
}

/**
 * Demo tickets through the real use cases (so timelines, deadlines and the outbox are all
 * genuine). Runs only on an empty ticket table, so a restart never adds a second batch.
 */
export async function seedDemoTickets(ctx: TUseCaseContext): Promise<number> {
  // Every demo run, so a database seeded before sign-off existed gets it too.
  await enableDemoReplySignoff(ctx.db);
  const [{ n }] = (await ctx.db.execute(sql`select count(*)::int as n from tickets`)).rows as [{ n: number }];
  if (n > 0) return 0;
  const actors = await actorsByUsername(ctx);
  const cats = await ctx.db.select().from(categories);
  const realClock = ctx.clock;
  let created = 0;
  try {
    for (const sc of SCENARIOS) {
      const cat = cats.find((c) => c.name === sc.category && c.isLeaf);
      let at = realClock().getTime() - sc.hoursAgo * 3600_000;
      ctx.clock = () => new Date(at);
      const { ticket } = await createTicket(ctx, actors.get('agent1')!, {
        line: sc.line ?? '12345',
        channel: sc.channel ?? 'phone',
        type: sc.type,
        categoryId: cat?.id,
        urgency: sc.urgency ?? 'normal',
        title: sc.title,
        description: sc.description,
        address: sc.address || undefined,
        citizen: { phone: sc.caller[0], name: sc.caller[1] },
      });
      created += 1;
      for (const [username, action, input] of sc.steps) {
        at += 20 * 60_000; // each step twenty minutes after the previous one
        const body = action === 'dispatch' ? { unitId: cat?.defaultUnitId } : (input ?? {});
        await performTicketAction(ctx, actors.get(username)!, ticket.id, action, body);
      }
    }
  } finally {
    ctx.clock = realClock;
  }
  return created;
}
