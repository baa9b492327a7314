/**
 * The complaint/request category tree in the style of GB/T 39666-2020 (政务服务便民热线
 * 诉求分类): two-digit top-level codes, four-digit leaves. Every leaf names the unit a
 * dispatcher would pick first (`defaultUnitCode`, a code from org-data); the top level
 * names the usual owner of the area, used when an agent only picks the group.
 */
import type { TLine } from '@hotline/shared';
import { CITY_UNIT_CODE } from './org-data';

export type TCategoryLeafSeed = { code: string; name: string; defaultUnitCode: string };
export type TCategoryGroupSeed = {
  code: string;
  name: string;
  defaultUnitCode: string;
  children: readonly TCategoryLeafSeed[];
  /**
   * A dedicated line (e.g. 12315) whose tickets are filed under this group. There is no column
   * for it: the tie is by group code, so leaves an admin adds under the group belong to the line too.
   */
  line?: TLine;
};

/** Builds the leaves of one group: codes are the group code + two digits in list order. */
function leaves(
  groupCode: string,
  items: readonly [name: string, defaultUnitCode: string][],
): TCategoryLeafSeed[] {
  return items.map(([name, defaultUnitCode], i) => ({
    code: `${groupCode}${String(i + 1).padStart(2, '0')}`,
    name,
    defaultUnitCode,
  }));
}

function group(
  code: string,
  name: string,
  defaultUnitCode: string,
  items: readonly [name: string, defaultUnitCode: string][],
  opts: { line?: TLine } = {},
): TCategoryGroupSeed {
  return { code, name, defaultUnitCode, children: leaves(code, items), ...opts };
}

// Append new leaves at the end of a group: a leaf's code comes from its position.
export const CATEGORY_TREE: readonly TCategoryGroupSeed[] = [
  group('01', '城市管理', 'cgj', [
    ['违章建筑', 'cgj'],
    ['占道经营', 'cgj'],
    ['市容环境卫生', 'cgj'],
    ['渣土运输与工地扬尘', 'cgj'],
    ['户外广告与店招', 'cgj'],
    ['园林绿化', 'cgj'],
    ['市政设施与路灯', 'cgj'],
    ['共享单车与非机动车停放', 'cgj'],
  ]),
  group('02', '住房建设', 'zjj', [
    ['物业管理', 'zjj'],
    ['房屋质量与维修基金', 'zjj'],
    ['建筑施工与夜间施工', 'zjj'],
    ['老旧小区改造与加装电梯', 'zjj'],
    ['商品房销售与交付', 'zjj'],
    ['住房公积金', 'gjj'],
  ]),
  group(
    '03',
    '市场监管与消费维权',
    'scjgj',
    [
      ['食品安全', 'scjgj'],
      ['消费纠纷', 'scjgj'],
      ['价格收费', 'scjgj'],
      ['产品质量', 'scjgj'],
      ['预付卡消费', 'scjgj'],
      ['虚假广告与商标侵权', 'scjgj'],
      ['药品与医疗器械', 'scjgj'],
      ['网络购物纠纷', 'scjgj'],
      ['餐饮服务', 'scjgj'],
      ['维修服务', 'scjgj'],
      ['美容美发与健身服务', 'scjgj'],
    ],
    { line: '12315' },
  ),
  group('04', '生态环境', 'sthjj', [
    ['大气污染', 'sthjj'],
    ['水污染', 'sthjj'],
    ['工业与社会生活噪声', 'sthjj'],
    ['固体废物与危险废物', 'sthjj'],
  ]),
  group('05', '交通运输', 'jtysj', [
    ['出租车与网约车', 'jtysj'],
    ['公交与轨道交通', 'jtysj'],
    ['道路养护', 'jtysj'],
    ['交通违法与交通秩序', 'gaj'],
  ]),
  group('06', '劳动保障', 'rsj', [
    ['拖欠工资', 'rsj'],
    ['社会保险', 'rsj'],
    ['劳动合同与劳动争议', 'rsj'],
    ['就业创业与职业培训', 'rsj'],
  ]),
  group('07', '公安治安', 'gaj', [
    ['治安管理', 'gaj'],
    ['户籍与身份证', 'gaj'],
    ['出入境', 'gaj'],
    ['电信网络诈骗', 'gaj'],
  ]),
  group('08', '教育', 'jyj', [
    ['入学招生', 'jyj'],
    ['校外培训', 'jyj'],
    ['学校收费', 'jyj'],
    ['师德师风', 'jyj'],
  ]),
  group('09', '医疗卫生', 'wjw', [
    ['医疗服务', 'wjw'],
    ['医保报销与医保卡', 'ybj'],
    ['公共卫生与疫苗接种', 'wjw'],
    ['医疗纠纷', 'wjw'],
  ]),
  group('10', '民政', 'mzj', [
    ['低保与社会救助', 'mzj'],
    ['养老服务', 'mzj'],
    ['婚姻登记', 'mzj'],
    ['殡葬管理', 'mzj'],
  ]),
  group('11', '水电气公用事业', CITY_UNIT_CODE, [
    ['供水', 'swjt'],
    ['供电', 'gdgs'],
    ['燃气', 'rqgs'],
    ['固定电话与宽带', 'dxgs'],
    ['移动通信', 'ydgs'],
    ['排水与污水管网', 'swjt'],
  ]),
  group('12', '纪检监察', 'jwjw', [
    ['违反中央八项规定精神', 'jwjw'],
    ['失职渎职', 'jwjw'],
    ['群众身边腐败和作风问题', 'jwjw'],
  ]),
  group('13', '民意调查', 'tjj', [
    ['满意度调查', 'tjj'],
    ['统计调查', 'tjj'],
  ]),
  group('14', '其他', CITY_UNIT_CODE, [
    ['文化旅游', 'wglj'],
    ['安全生产', 'yjglj'],
    ['自然资源与规划', 'zrzyghj'],
    ['水利与防汛', 'slj'],
    ['商贸流通', 'swj'],
    ['农业农村', 'nyncj'],
    ['税务', 'swju'],
    ['其他诉求', CITY_UNIT_CODE],
  ]),
];

export type TLineRouting = { groupCodes: readonly string[]; defaultUnitCode: string };

/**
 * How a dedicated line routes: the category groups its tickets belong to, and the unit its
 * tickets go to when the category says nothing better (the first group's owner; for 12315
 * that is 市市场监管局). Null for lines that use the whole tree (12345).
 */
export function lineRoutingOf(line: string): TLineRouting | null {
  const groups = CATEGORY_TREE.filter((g) => g.line === line);
  const first = groups[0];
  if (!first) return null;
  return { groupCodes: groups.map((g) => g.code), defaultUnitCode: first.defaultUnitCode };
}
