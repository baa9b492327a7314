import type { TCategoryView, TUnitView } from '@hotline/shared';

export type TTreeNode = {
  value: string;
  title: string;
  /** What the search box matches: name and code. */
  search: string;
  disabled?: boolean;
  selectable?: boolean;
  children?: TTreeNode[];
};

type TFlat = { id: string; parentId: string | null; name: string; code: string; active: boolean };

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
          search: `${item.name} ${item.code}`,
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
