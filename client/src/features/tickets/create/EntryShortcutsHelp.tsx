import { Flex, Typography } from 'antd';
import { useI18n } from '../../../i18n/useI18n';
import { shortcutLabel, type TEntryShortcut } from './entryKeys';

const SHOWN: readonly TEntryShortcut[] = ['save', 'saveAndNew', 'newEntry'];

// Takes the colour of its surroundings: readable on a primary button and on the page alike.
const KBD_STYLE = {
  font: '11px/16px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  padding: '0 4px',
  borderRadius: 3,
  border: '1px solid currentColor',
  opacity: 0.75,
  marginInlineStart: 2,
} as const;

/** A key as the keyboard labels it. */
export function Kbd({ children }: { children: string }) {
  return <kbd style={KBD_STYLE}>{children}</kbd>;
}

/** The create form's keys in one line above it: 登记, 登记并新建, 新建, Esc. */
export function EntryShortcutsHelp() {
  const { t } = useI18n();
  return (
    <Flex gap={12} wrap align="center" data-testid="entry-shortcuts-help">
      {SHOWN.map((s) => (
        <Typography.Text key={s} type="secondary">
          <Kbd>{shortcutLabel(s)}</Kbd> {t(`entry.key.${s}`)}
        </Typography.Text>
      ))}
      <Typography.Text type="secondary">
        <Kbd>Esc</Kbd> {t('entry.key.esc')}
      </Typography.Text>
    </Flex>
  );
}
