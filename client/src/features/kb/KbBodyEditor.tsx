import {
  BoldOutlined,
  FontSizeOutlined,
  OrderedListOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Button, Flex, Input, Segmented, Tooltip, Typography } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useI18n } from '../../i18n/useI18n';
import type { TMessageKey } from '../../i18n/zh';
import { KbBody } from './KbBody';
import { markupToHtml } from './kbText';

type TTool = { key: string; icon: ReactNode; label: TMessageKey; apply: (sel: string) => string };

/** Each line of the selection (or the current line) gets the prefix. */
const prefixLines = (prefix: (i: number) => string) => (sel: string) =>
  (sel || '')
    .split('\n')
    .map((l, i) => `${prefix(i)}${l.replace(/^\s*([-*•]|\d+[.、)]|#{1,3})\s*/, '')}`)
    .join('\n');

const TOOLS: TTool[] = [
  { key: 'bold', icon: <BoldOutlined />, label: 'kb.editor.bold', apply: (s) => `**${s || '…'}**` },
  { key: 'heading', icon: <FontSizeOutlined />, label: 'kb.editor.heading', apply: prefixLines(() => '## ') },
  { key: 'ul', icon: <UnorderedListOutlined />, label: 'kb.editor.bullets', apply: prefixLines(() => '- ') },
  {
    key: 'ol',
    icon: <OrderedListOutlined />,
    label: 'kb.editor.numbers',
    apply: prefixLines((i) => `${i + 1}. `),
  },
];

/**
 * A light body editor: a textarea with a small markup (blank line = new paragraph, `- ` list,
 * `1. ` numbered list, `## ` heading, `**bold**`), a toolbar that writes that markup, and a
 * preview of the HTML it becomes. Form.Item passes id / value / onChange through.
 */
export function KbBodyEditor({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'edit' | 'preview'>('edit');
  const ref = useRef<TextAreaRef>(null);
  const text = value ?? '';

  const apply = (tool: TTool) => {
    const area = ref.current?.resizableTextArea?.textArea;
    const start = area?.selectionStart ?? text.length;
    const end = area?.selectionEnd ?? text.length;
    // A line tool works on whole lines: widen the selection to the lines it touches.
    const lineWise = tool.key !== 'bold';
    const from = lineWise ? text.lastIndexOf('\n', start - 1) + 1 : start;
    const toNl = text.indexOf('\n', end);
    const to = lineWise ? (toNl === -1 ? text.length : toNl) : end;
    const replaced = tool.apply(text.slice(from, to));
    onChange?.(text.slice(0, from) + replaced + text.slice(to));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(from + replaced.length, from + replaced.length);
    });
  };

  return (
    <div className="kb-editor">
      <Flex className="kb-editor-toolbar" justify="space-between" align="center" wrap gap={8}>
        <Flex gap={4} role="toolbar" aria-label={t('kb.editor.toolbar')}>
          {TOOLS.map((tool) => (
            <Tooltip key={tool.key} title={t(tool.label)}>
              <Button
                size="small"
                icon={tool.icon}
                aria-label={t(tool.label)}
                disabled={mode === 'preview'}
                onClick={() => apply(tool)}
              />
            </Tooltip>
          ))}
        </Flex>
        <Segmented
          size="small"
          value={mode}
          onChange={(v) => setMode(v as 'edit' | 'preview')}
          options={[
            { value: 'edit', label: t('kb.editor.edit') },
            { value: 'preview', label: t('kb.editor.preview') },
          ]}
        />
      </Flex>
      {mode === 'edit' ? (
        <Input.TextArea
          id={id}
          ref={ref}
          value={text}
          onChange={(e) => onChange?.(e.target.value)}
          rows={14}
          maxLength={50000}
        />
      ) : (
        <div className="kb-compare-side" data-testid="kb-editor-preview">
          <KbBody html={markupToHtml(text)} />
        </div>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('kb.editor.hint')}
      </Typography.Text>
    </div>
  );
}
