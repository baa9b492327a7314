import type { TCategoryView, TUnitView } from '@hotline/shared';

export type TTreeNode = {
  value: string;
  title: string;
  /** What the search box matches: name, code, and the name's pinyin and initials. */
  search: string;
  disabled?: boolean;
  selectable?: boolean;
  children?: TTreeNode[];
};

type TFlat = {
  id: string;
  parentId: string | null;
  name: string;
  code: string;
  active: boolean;
  pinyin?: string;
};

function buildTree<T extends TFlat>(items: T[], decorate: (item: T) => Partial<TTreeNode>): TTreeNode[] {
  const byParent = new Map<string | null, T[]>();
  const ids = new Set(items.map((i) => i.id));
  for (const item of items) {
    // An item whose parent is not in the list (inactive, or outside this user's view) becomes a root.
    const parent = item.parentId && ids.has(item.parentId) ? item.parentId : null;
    const siblings = byParent.get(parent) ?? [];
    siblings.push(item);
    byParent.set(parent, siblings);
  }
  const walk = (parent: string | null): TTreeNode[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((item) => {
        const children = walk(item.id);
        return {
          value: item.id,
          title: item.name,
          search: `${item.name} ${item.code} ${item.pinyin ?? ''}`,
          ...decorate(item),
          ...(children.length ? { children } : {}),
        };
      });
  return walk(null);
}

/** Units a ticket can be dispatched to; the hotline centre itself is only a folder. */
export function unitTree(units: TUnitView[]): TTreeNode[] {
  return buildTree(units, (u) => ({
    disabled: !u.active,
    selectable: u.kind !== 'hotline',
  }));
}

export function categoryTree(categories: TCategoryView[]): TTreeNode[] {
  return buildTree(
    categories.filter((c) => c.active),
    (c) => ({ title: `${c.code} ${c.name}` }),
  );
}

/** The units strictly below `rootId`: where a district branch may pass a ticket down (二级派单). */
export function unitsBelow(units: TUnitView[], rootId: string): TUnitView[] {
  const children = new Map<string, TUnitView[]>();
  for (const u of units) {
    if (!u.parentId) continue;
    const siblings = children.get(u.parentId) ?? [];
    siblings.push(u);
    children.set(u.parentId, siblings);
  }
  const below: TUnitView[] = [];
  const stack = [...(children.get(rootId) ?? [])];
  while (stack.length) {
    const unit = stack.pop()!;
    below.push(unit);
    stack.push(...(children.get(unit.id) ?? []));
  }
  return below;
}

/**
 * The district hotline branch an address or description names (「溧阳市溧城街道…」 → 溧阳市's
 * branch): the branch's name starts with the district's own name (溧阳市12345分中心).
 */
export function detectDistrict(text: string | undefined, units: TUnitView[]): TUnitView | null {
  if (!text) return null;
  let best: { unit: TUnitView; at: number } | null = null;
  for (const u of units) {
    if (u.kind !== 'district' || !u.active) continue;
    const name = /^(.+?[区市县])/.exec(u.name)?.[1];
    if (!name) continue;
    const at = text.indexOf(name);
    // The first district named wins (「天宁区…靠近钟楼区」 is in 天宁区).
    if (at >= 0 && (!best || at < best.at)) best = { unit: u, at };
  }
  return best?.unit ?? null;
}
