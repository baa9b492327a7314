/**
 * Work for the queue benchmark, made through the real use cases: registered tickets as agents
 * file them (what the routing worker picks up), and dispatched tickets whose deadlines are long
 * overdue (what the SLA breach timers fire for).
 */
import type { TAppContext } from '../../../server/src/app-context';
import { units, users } from '../../../server/src/infra/db/schema';
import type { TUserActor } from '../../../server/src/modules/auth/actor';
import { createTicket } from '../../../server/src/modules/tickets/use-cases/create-ticket';
import { performTicketAction } from '../../../server/src/modules/tickets/use-cases/perform-ticket-action';
import { eq } from 'drizzle-orm';

const SAMPLES: { title: string; description: string; category: string | null }[] = [
  {
    title: '路灯不亮',
    description: '小区门口路灯连续三天晚上不亮，行人出入不便',
    category: '市政设施与路灯',
  },
  { title: '垃圾未及时清运', description: '小区垃圾桶满了好几天没人清运，气味很大', category: null },
  {
    title: '夜间施工扰民',
    description: '工地晚上十一点以后还在施工，噪音很大影响休息',
    category: '建筑施工与夜间施工',
  },
  {
    title: '占道经营',
    description: '菜市场门口流动摊贩占用人行道经营，行人只能走机动车道',
    category: '占道经营',
  },
  { title: '道路破损', description: '中山路与北京东路路口路面塌陷一个大坑，车辆经过很危险', category: null },
  { title: '拖欠农民工工资', description: '在某工地干了三个月活，老板一直拖欠工资不给', category: null },
];

const PLACES = [
  '玄武区',
  '秦淮区',
  '建邺区',
  '鼓楼区',
  '栖霞区',
  '雨花台区',
  '江宁区',
  '浦口区',
  '六合区',
  '溧水区',
];
const STREETS = [
  '中山路',
  '北京东路',
  '汉中路',
  '龙蟠路',
  '江东中路',
  '珠江路',
  '太平南路',
  '应天大街',
  '紫金路',
  '虎踞路',
];
const WHEN = ['昨天晚上', '今天早上', '最近一周', '连续三天', '每天凌晨', '上个月起', '周末', '中午'];
const EXTRA = [
  '老人小孩出行不安全',
  '已向物业反映无果',
  '影响正常休息',
  '希望尽快派人处理',
  '附近商户也有意见',
  '请相关部门核实',
  '多次拨打电话无人接听',
  '存在安全隐患',
];

/**
 * A ticket's text: one of the samples, told with a place, a time and a detail drawn per ticket
 * (deterministically), so texts are as varied as callers' and the duplicate finder's trigram
 * search meets the few near-duplicates a city really has, not thousands of copies of six texts.
 */
function textOf(i: number): { title: string; description: string; category: string | null } {
  const s = SAMPLES[i % SAMPLES.length]!;
  const pick = <T>(list: readonly T[], salt: number) => list[(i * 7919 + salt * 104_729) % list.length]!;
  const street = `${pick(PLACES, 1)}${pick(STREETS, 2)}${(i % 397) + 1}号`;
  return {
    title: `${pick(PLACES, 1)}${s.title}`,
    description: `${street}附近${pick(WHEN, 3)}：${s.description}，${pick(EXTRA, 4)}。来电编号 ${i}`,
    category: s.category,
  };
}

export async function userActor(ctx: TAppContext, username: string): Promise<TUserActor> {
  const [row] = await ctx.db
    .select({ u: users, unit: units })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.username, username));
  if (!row) throw new Error(`no user ${username} in the benchmark database`);
  return {
    kind: 'user',
    id: row.u.id,
    username: row.u.username,
    displayName: row.u.displayName,
    role: row.u.role as TUserActor['role'],
    unitId: row.unit.id,
    unitName: row.unit.name,
    unitKind: row.unit.kind as TUserActor['unitKind'],
    unitCanDispatch: row.unit.canDispatch,
    unitParentId: row.unit.parentId,
    unitPath: row.unit.path,
    confidentialReader: row.u.confidentialReader,
  };
}

/** Runs `fn(i)` for i < n, `parallel` at a time. */
export async function inParallel(
  n: number,
  parallel: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

async function categoryIds(ctx: TAppContext): Promise<Map<string, string>> {
  const res = await ctx.pool.query<{ id: string; name: string }>(
    `select id, name from categories where active and is_leaf`,
  );
  return new Map(res.rows.map((r) => [r.name, r.id]));
}

/** `n` registered tickets filed by agent1 (a mix with and without a category); their ids. */
export async function fillRegisteredTickets(
  ctx: TAppContext,
  n: number,
  phoneBase: number,
): Promise<string[]> {
  const agent = await userActor(ctx, 'agent1');
  const cats = await categoryIds(ctx);
  const ids: string[] = new Array(n);
  await inParallel(n, 8, async (i) => {
    const s = textOf(i);
    const { ticket } = await createTicket(ctx, agent, {
      type: 'complaint',
      categoryId: s.category ? cats.get(s.category) : undefined,
      title: s.title,
      description: s.description,
      address: `玄武区中山路${(i % 500) + 1}号`,
      citizen: { phone: `13${String(phoneBase + i).padStart(9, '0')}`, name: '王先生' },
    });
    ids[i] = ticket.id;
  });
  return ids;
}

/**
 * `n` tickets filed and dispatched to 市城管局 `daysAgo` days ago: their sign-for and handling
 * deadlines are overdue now and not yet stamped. Returns the active overdue deadlines.
 */
export async function fillOverdueDeadlines(
  ctx: TAppContext,
  n: number,
  phoneBase: number,
  daysAgo = 60,
): Promise<{ id: string; dueAt: Date }[]> {
  const agent = await userActor(ctx, 'agent1');
  const dispatcher = await userActor(ctx, 'dispatcher1');
  const unit = await ctx.pool.query<{ id: string }>(`select id from units where code = 'cgj'`);
  const past = { ...ctx, clock: () => new Date(Date.now() - daysAgo * 86_400_000) };
  await inParallel(n, 8, async (i) => {
    const s = textOf(i + n);
    const { ticket } = await createTicket(past, agent, {
      type: 'complaint',
      title: s.title,
      description: s.description,
      citizen: { phone: `13${String(phoneBase + i).padStart(9, '0')}` },
    });
    await performTicketAction(past, dispatcher, ticket.id, 'dispatch', { unitId: unit.rows[0]!.id });
  });
  const res = await ctx.pool.query<{ id: string; due_at: Date }>(
    `select id, due_at from ticket_deadlines
     where status = 'active' and breached_at is null and due_at < now() order by due_at, id`,
  );
  return res.rows.map((r) => ({ id: r.id, dueAt: r.due_at }));
}
