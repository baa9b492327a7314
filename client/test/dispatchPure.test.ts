import { DEFAULT_DISPATCH_SETTINGS } from '@hotline/shared';
import { percent } from '../src/features/dispatch/dispatchFormat';
import { formToRule, ruleToForm } from '../src/features/dispatch/ruleForm';
import { ruleChanges } from '../src/features/dispatch/ruleHistory';
import { formToSettings, settingsToForm } from '../src/features/dispatch/settingsForm';
import { buildActionBody, validateActionBody } from '../src/features/tickets/actions/actionBody';
import { categoryTree, detectDistrict, unitsBelow } from '../src/features/tickets/common/tree';
import { U, UNITS } from './support/units';

describe('dispatch helpers', () => {
  it('finds the units strictly below a unit, at any depth', () => {
    expect(
      unitsBelow(UNITS, U.tn)
        .map((u) => u.id)
        .sort(),
    ).toEqual([U.tnDiaozhuang, U.tnChashan].sort());
    expect(unitsBelow(UNITS, U.cgj)).toEqual([]);
    expect(unitsBelow(UNITS, U.city)).toHaveLength(UNITS.length - 1);
  });

  it('builds and checks the bodies of the new actions', () => {
    const sub = buildActionBody('subdispatch', { unitId: U.tnChashan, note: ' 属地 ' }, 5);
    expect(sub).toEqual({ expectedVersion: 5, note: '属地', unitId: U.tnChashan });
    expect(validateActionBody('subdispatch', sub)).toBeNull();
    expect(
      validateActionBody('reject-return', buildActionBody('reject-return', { reason: '否' }, 5)),
    ).toMatch(/reason/);
    expect(buildActionBody('chase', { message: '   ' }, 5)).toEqual({
      expectedVersion: 5,
      note: undefined,
      message: undefined,
    });
  });

  it('round-trips the settings through percentages without float noise', () => {
    const form = settingsToForm({ ...DEFAULT_DISPATCH_SETTINGS, autoDispatchMinConfidence: 0.875 });
    expect(form.autoDispatchMinConfidence).toBe(87.5);
    expect(form.duplicateMinSimilarity).toBe(50);
    expect(formToSettings({ ...form, duplicateMinSimilarity: 35 })).toEqual({
      ...DEFAULT_DISPATCH_SETTINGS,
      autoDispatchMinConfidence: 0.875,
      duplicateMinSimilarity: 0.35,
    });
  });

  it('turns empty district and line into "all" and drops the lead from the assisting units', () => {
    expect(
      formToRule({ categoryId: 'c', leadUnitId: U.cgj, assistingUnitIds: [U.cgj, U.zjj, U.zjj], note: '  ' }),
    ).toEqual({
      categoryId: 'c',
      districtId: null,
      line: null,
      leadUnitId: U.cgj,
      assistingUnitIds: [U.zjj],
      note: null,
    });
    expect(ruleToForm(null)).toEqual({ assistingUnitIds: [] });
  });

  it('diffs rule versions by readable fields', () => {
    const v1 = {
      categoryCode: '0201',
      categoryName: '噪音',
      leadUnitName: '市住建局',
      assisting: [],
      line: null,
    };
    const v2 = { ...v1, leadUnitName: '市城管局', assisting: [{ id: 'x', name: '市住建局' }], line: '12345' };
    expect(ruleChanges(v1, v2)).toEqual([
      { field: 'line', before: null, after: '12345' },
      { field: 'lead', before: '市住建局', after: '市城管局' },
      { field: 'assisting', before: null, after: '市住建局' },
    ]);
    expect(ruleChanges(null, v1).map((c) => c.field)).toEqual(['category', 'lead']);
    expect(ruleChanges(v2, v2)).toEqual([]);
  });

  it('formats ratios as percentages', () => {
    expect(percent(0.923)).toBe('92%');
    expect(percent(0.8234, 1)).toBe('82.3%');
    expect(percent(null)).toBe('—');
  });
});

describe('detectDistrict', () => {
  it('finds the district branch an address names, the first named when there are two', () => {
    expect(detectDistrict('天宁区雕庄街道龙锦路18号', UNITS)?.id).toBe(U.tn);
    expect(detectDistrict('常州市钟楼区五星街道', UNITS)?.id).toBe(U.zl);
    expect(detectDistrict('天宁区与钟楼区交界处', UNITS)?.id).toBe(U.tn);
  });
  it('names none when the text names no district, or only a city unit', () => {
    expect(detectDistrict('龙锦路18号', UNITS)).toBeNull();
    expect(detectDistrict('市城管局门口', UNITS)).toBeNull();
    expect(detectDistrict(undefined, UNITS)).toBeNull();
  });
});

describe('tree search', () => {
  it('matches a category by its pinyin initials as well as by name and code', () => {
    const [node] = categoryTree([
      {
        id: 'c1',
        code: '0102',
        name: '占道经营',
        parentId: null,
        level: 1,
        isLeaf: true,
        defaultUnitId: null,
        active: true,
        pinyin: 'zhandaojingying zdjy',
      },
    ]);
    expect(node!.search).toContain('zdjy');
    expect(node!.search).toContain('占道经营');
    expect(node!.search).toContain('0102');
  });
});
