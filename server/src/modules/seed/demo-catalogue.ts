import { eq } from 'drizzle-orm';
import type { TUseCaseContext } from '../../app-context';
import { categories, dispatchRules, units, users } from '../../infra/db/schema';
import type { TUserActor } from '../auth/actor';
import { createDispatchRule } from '../dispatch/use-cases/create-dispatch-rule';
import { DISTRICT_NAMES } from './org-data';

/**
 * A starting 派单目录 for the demo, the way Changzhou splits the work: street vending and street
 * cleanliness are handled locally (属地管理) by each district's hotline branch with 市城管局
 * assisting; a few cross-department matters name a lead and an assisting unit city-wide.
 */
const CITY_WIDE: { category: string; lead: string; assist: string[]; note: string }[] = [
  { category: '共享单车与非机动车停放', lead: 'jtysj', assist: ['cgj'], note: '交通部门牵头，城管配合清理' },
  { category: '建筑施工与夜间施工', lead: 'zjj', assist: ['sthjj'], note: '夜间施工噪声由生态环境局协办' },
];
const LOCAL: { category: string; note: string }[] = [
  { category: '占道经营', note: '属地管理：区分中心转派街道' },
  { category: '市容环境卫生', note: '属地管理：区分中心转派街道' },
];

/** Adds the demo rules once (an empty catalogue only), through the same use case as the console. */
export async function seedDemoCatalogue(ctx: TUseCaseContext): Promise<number> {
  const [any] = await ctx.db.select({ id: dispatchRules.id }).from(dispatchRules).limit(1);
  if (any) return 0;
  const [admin] = await ctx.db
    .select({ u: users, unit: units })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.username, 'admin'));
  if (!admin) return 0;
  const actor: TUserActor = {
    kind: 'user',
    id: admin.u.id,
    username: admin.u.username,
    displayName: admin.u.displayName,
    role: 'admin',
    unitId: admin.unit.id,
    unitName: admin.unit.name,
    unitKind: admin.unit.kind as TUserActor['unitKind'],
    unitCanDispatch: admin.unit.canDispatch,
    unitParentId: admin.unit.parentId,
    unitPath: admin.unit.path,
    confidentialReader: admin.u.confidentialReader,
  };
  const unitId = new Map((await ctx.db.select().from(units)).map((u) => [u.code, u.id]));
  const categoryId = new Map(
    (await ctx.db.select().from(categories)).filter((c) => c.isLeaf).map((c) => [c.name, c.id]),
  );
  const id = (m: Map<string, string>, key: string) => {
    const v = m.get(key);
    if (!v) throw new Error(`demo catalogue: unknown ${key}`);
    return v;
  };
  let n = 0;
  for (const r of CITY_WIDE) {
    await createDispatchRule(ctx, actor, {
      categoryId: id(categoryId, r.category),
      districtId: null,
      line: null,
      leadUnitId: id(unitId, r.lead),
      assistingUnitIds: r.assist.map((a) => id(unitId, a)),
      note: r.note,
    });
    n++;
  }
  for (const r of LOCAL) {
    for (const district of Object.keys(DISTRICT_NAMES)) {
      await createDispatchRule(ctx, actor, {
        categoryId: id(categoryId, r.category),
        districtId: id(unitId, district),
        line: null,
        leadUnitId: id(unitId, district),
        assistingUnitIds: [id(unitId, 'cgj')],
        note: r.note,
      });
      n++;
    }
  }
  return n;
}
