import { createRandom } from '../../src/routing/prng';
import type { TRoutingExample } from '../../src/routing';

/** Each unit has its own subject words; every ticket wraps one in words all units share. */
export const SUBJECTS: Record<string, string[]> = {
  water: ['停水', '水管爆裂', '漏水', '水压不足', '自来水发黄'],
  traffic: ['红绿灯坏了', '公交晚点', '路口堵车', '乱停车', '斑马线褪色'],
  environment: ['噪音扰民', '河道污染', '垃圾堆放', '油烟扰民', '焚烧秸秆'],
};
const FILLERS = ['小区', '附近', '最近', '居民', '反映', '请求', '尽快', '处理', '门口', '晚上', '多次'];

export function syntheticTickets(count: number, seed: number): TRoutingExample[] {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const labels = Object.keys(SUBJECTS);
  return Array.from({ length: count }, () => {
    const label = pick(labels);
    const words = [pick(FILLERS), pick(FILLERS), pick(SUBJECTS[label]!), pick(FILLERS), pick(FILLERS)];
    return { text: words.join(''), label };
  });
}
