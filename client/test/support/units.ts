import type { TUnitView } from '@hotline/shared';

/** Unit ids are UUIDs: the action forms check their bodies against the shared zod schemas. */
export const U = {
  city: '00000000-0000-4000-8000-000000000001',
  tn: '00000000-0000-4000-8000-000000000002',
  tnDiaozhuang: '00000000-0000-4000-8000-000000000003',
  tnChashan: '00000000-0000-4000-8000-000000000004',
  zl: '00000000-0000-4000-8000-000000000005',
  zlWuxing: '00000000-0000-4000-8000-000000000006',
  cgj: '00000000-0000-4000-8000-000000000007',
  zjj: '00000000-0000-4000-8000-000000000008',
  gdgs: '00000000-0000-4000-8000-000000000009',
} as const;

const unit = (
  id: string,
  code: string,
  name: string,
  kind: TUnitView['kind'],
  parentId: string | null,
  canDispatch = false,
): TUnitView => ({ id, code, name, kind, parentId, canDispatch, active: true });

/** A slice of the seeded organisation: the centre, two district branches with streets, three city units. */
export const UNITS: TUnitView[] = [
  unit(U.city, 'city', '常州市12345政府公共服务热线中心', 'hotline', null, true),
  unit(U.tn, 'tn', '天宁区12345分中心', 'district', U.city, true),
  unit(U.tnDiaozhuang, 'tn_diaozhuang', '雕庄街道', 'street', U.tn),
  unit(U.tnChashan, 'tn_chashan', '茶山街道', 'street', U.tn),
  unit(U.zl, 'zl', '钟楼区12345分中心', 'district', U.city, true),
  unit(U.zlWuxing, 'zl_wuxing', '五星街道', 'street', U.zl),
  unit(U.cgj, 'cgj', '市城管局', 'department', U.city),
  unit(U.zjj, 'zjj', '市住建局', 'department', U.city),
  unit(U.gdgs, 'gdgs', '国网常州供电公司', 'enterprise', U.city),
];
