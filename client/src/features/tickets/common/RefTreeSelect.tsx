import { TreeSelect, type TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { categoryTree, unitTree, unitsBelow } from './tree';
import { useCategories, useUnits } from './useReferenceData';

type TProps = Omit<TreeSelectProps<string | string[]>, 'treeData'>;

/** A unit picker over the unit tree, searchable by name or code. Form.Item passes id/value/onChange through. */
export function UnitTreeSelect(props: TProps) {
  const { t } = useI18n();
  const { items, loading } = useUnits();
  const treeData = useMemo(() => unitTree(items), [items]);
  return (
    <TreeSelect<string | string[]>
      allowClear
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'search' }}
      placeholder={t('field.unitPlaceholder')}
      loading={loading}
      treeData={treeData}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      {...props}
    />
  );
}

/** A unit picker limited to the units below `rootId` (二级派单 to a street or department). */
export function SubunitTreeSelect({ rootId, ...props }: TProps & { rootId: string }) {
  const { t } = useI18n();
  const { items, loading } = useUnits();
  const treeData = useMemo(() => unitTree(unitsBelow(items, rootId)), [items, rootId]);
  return (
    <TreeSelect<string | string[]>
      allowClear
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'search' }}
      placeholder={t('field.unitPlaceholder')}
      notFoundContent={loading ? t('common.loading') : t('field.noSubunits')}
      loading={loading}
      treeData={treeData}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      {...props}
    />
  );
}

export function CategoryTreeSelect(props: TProps) {
  const { t } = useI18n();
  const { items, loading } = useCategories();
  const treeData = useMemo(() => categoryTree(items), [items]);
  return (
    <TreeSelect<string | string[]>
      allowClear
      showSearch={{ treeNodeFilterProp: 'search' }}
      placeholder={t('create.categoryPlaceholder')}
      loading={loading}
      treeData={treeData}
      style={{ width: '100%' }}
      {...props}
    />
  );
}
