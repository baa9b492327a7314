/**
 * The reference organisation: Changzhou's 12345 centre, its six district/county branches,
 * the member units (成员单位) and a few streets per district. Codes are stable ASCII keys:
 * the seed upserts on them, categories and demo users point at them, so never rename one.
 * Parents come before their children in UNITS (the seed relies on it to build paths).
 */
import type { TUnitKind } from '@hotline/shared';

export type TUnitSeed = {
  code: string;
  name: string;
  kind: TUnitKind;
  /** null only for the city centre, the root of the tree. */
  parentCode: string | null;
  /** Whether the unit may dispatch further down (two-level dispatch). */
  canDispatch: boolean;
};

export const CITY_UNIT_CODE = 'city';

const CENTRE: TUnitSeed = {
  code: CITY_UNIT_CODE,
  name: '常州市12345政府公共服务热线中心',
  kind: 'hotline',
  parentCode: null,
  canDispatch: true,
};

/** District/county hotline branches (区/市 12345 分中心): they receive tickets from the city and dispatch to their streets. */
const DISTRICTS: readonly { code: string; name: string }[] = [
  { code: 'tn', name: '天宁区12345分中心' },
  { code: 'zl', name: '钟楼区12345分中心' },
  { code: 'xb', name: '新北区12345分中心' },
  { code: 'wj', name: '武进区12345分中心' },
  { code: 'jt', name: '金坛区12345分中心' },
  { code: 'ly', name: '溧阳市12345分中心' },
];

/** Short district names as citizens say them; the UI and the demo-data generator use these. */
export const DISTRICT_NAMES: Readonly<Record<string, string>> = {
  tn: '天宁区',
  zl: '钟楼区',
  xb: '新北区',
  wj: '武进区',
  jt: '金坛区',
  ly: '溧阳市',
};

/**
 * City bureaus and public utilities that handle tickets dispatched by the centre, under the
 * short names dispatchers use. 市市场监管局 runs the merged 12315 line, 市纪委监委 the 12388
 * seat and 市统计局 the 12340 polling line.
 */
const MEMBER_UNITS: readonly { code: string; name: string; kind: 'department' | 'enterprise' }[] = [
  { code: 'cgj', name: '市城管局', kind: 'department' },
  { code: 'zjj', name: '市住建局', kind: 'department' },
  { code: 'scjgj', name: '市市场监管局', kind: 'department' },
  { code: 'jwjw', name: '市纪委监委', kind: 'department' },
  { code: 'tjj', name: '市统计局', kind: 'department' },
  { code: 'sthjj', name: '市生态环境局', kind: 'department' },
  { code: 'jtysj', name: '市交通运输局', kind: 'department' },
  { code: 'rsj', name: '市人社局', kind: 'department' },
  { code: 'gaj', name: '市公安局', kind: 'department' },
  { code: 'jyj', name: '市教育局', kind: 'department' },
  { code: 'wjw', name: '市卫健委', kind: 'department' },
  { code: 'mzj', name: '市民政局', kind: 'department' },
  { code: 'zrzyghj', name: '市自然资源和规划局', kind: 'department' },
  { code: 'slj', name: '市水利局', kind: 'department' },
  { code: 'swj', name: '市商务局', kind: 'department' },
  { code: 'ybj', name: '市医保局', kind: 'department' },
  { code: 'wglj', name: '市文广旅局', kind: 'department' },
  { code: 'yjglj', name: '市应急管理局', kind: 'department' },
  { code: 'gjj', name: '市公积金中心', kind: 'department' },
  { code: 'nyncj', name: '市农业农村局', kind: 'department' },
  { code: 'swju', name: '市税务局', kind: 'department' },
  { code: 'gdgs', name: '国网常州供电公司', kind: 'enterprise' },
  { code: 'swjt', name: '常州市水务集团', kind: 'enterprise' },
  { code: 'rqgs', name: '常州港华燃气有限公司', kind: 'enterprise' },
  { code: 'dxgs', name: '中国电信常州分公司', kind: 'enterprise' },
  { code: 'ydgs', name: '中国移动常州分公司', kind: 'enterprise' },
];

/** 街道 / 镇 under each district branch: the units that finally go to the door. */
const STREETS: Readonly<Record<string, readonly { code: string; name: string }[]>> = {
  tn: [
    { code: 'tn_diaozhuang', name: '雕庄街道' },
    { code: 'tn_qinglong', name: '青龙街道' },
    { code: 'tn_chashan', name: '茶山街道' },
    { code: 'tn_hongmei', name: '红梅街道' },
  ],
  zl: [
    { code: 'zl_nandajie', name: '南大街街道' },
    { code: 'zl_hehuachi', name: '荷花池街道' },
    { code: 'zl_wuxing', name: '五星街道' },
    { code: 'zl_yonghong', name: '永红街道' },
  ],
  xb: [
    { code: 'xb_sanjing', name: '三井街道' },
    { code: 'xb_hehai', name: '河海街道' },
    { code: 'xb_longhutang', name: '龙虎塘街道' },
  ],
  wj: [
    { code: 'wj_hutang', name: '湖塘镇' },
    { code: 'wj_nanxiashu', name: '南夏墅街道' },
  ],
  jt: [
    { code: 'jt_xicheng', name: '西城街道' },
    { code: 'jt_dongcheng', name: '东城街道' },
  ],
  ly: [
    { code: 'ly_licheng', name: '溧城街道' },
    { code: 'ly_kunlun', name: '昆仑街道' },
  ],
};

export const UNITS: readonly TUnitSeed[] = [
  CENTRE,
  ...DISTRICTS.map((d) => ({
    ...d,
    kind: 'district' as const,
    parentCode: CITY_UNIT_CODE,
    canDispatch: true,
  })),
  ...MEMBER_UNITS.map((m) => ({ ...m, parentCode: CITY_UNIT_CODE, canDispatch: false })),
  ...DISTRICTS.flatMap((d) =>
    (STREETS[d.code] ?? []).map((s) => ({
      ...s,
      kind: 'street' as const,
      parentCode: d.code,
      canDispatch: false,
    })),
  ),
];
