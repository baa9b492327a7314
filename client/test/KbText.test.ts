import { compareParagraphs } from '../src/features/kb/KbReviewCompare';
import {
  answerFromArticle,
  highlightSegments,
  highlightTerms,
  htmlToMarkup,
  htmlToText,
  markupToHtml,
} from '../src/features/kb/kbText';

describe('knowledge base text', () => {
  it('turns the editor markup into paragraphs, lists, headings and bold, escaping anything else', () => {
    const html = markupToHtml(
      [
        '## 办理材料',
        '- 身份证',
        '- 户口本',
        '',
        '1. 线上申请',
        '2. 窗口领取',
        '',
        '工作日 **9:00–17:00** 办理',
        '周末不办理',
        '<script>alert(1)</script>',
      ].join('\n'),
    );
    expect(html).toBe(
      [
        '<h3>办理材料</h3>',
        '<ul><li>身份证</li><li>户口本</li></ul>',
        '<ol><li>线上申请</li><li>窗口领取</li></ol>',
        '<p>工作日 <strong>9:00–17:00</strong> 办理<br>周末不办理<br>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
      ].join('\n'),
    );
  });

  it('reads an article back into the markup it came from', () => {
    const src = '## 办理材料\n\n- 身份证\n- 户口本\n\n工作日 **9:00** 办理\n周末不办理';
    expect(htmlToMarkup(markupToHtml(src))).toBe(src);
    expect(htmlToMarkup('<div><p>一段</p><ol><li>甲</li><li>乙</li></ol></div>')).toBe(
      '一段\n\n1. 甲\n2. 乙',
    );
  });

  it('gives the plain text of a body, a line per paragraph or item, and an answer from it', () => {
    const body = '<p>先挂失。</p><ul><li>带身份证</li><li>到网点</li></ul>';
    expect(htmlToText(body)).toBe('先挂失。\n带身份证\n到网点');
    expect(answerFromArticle('补办指南', body)).toBe('补办指南：\n先挂失。\n带身份证\n到网点');
    const long = answerFromArticle('长文', `<p>${'字'.repeat(3000)}</p>`, 100);
    expect(long).toHaveLength(100);
    expect(long.endsWith('…')).toBe(true);
  });

  it('marks the words of a Chinese question, merging overlaps', () => {
    const terms = highlightTerms('我的社保卡丢了怎么补办');
    expect(terms).toEqual(expect.arrayContaining(['社保', '保卡', '补办']));
    expect(terms).not.toContain('丢了');
    const segments = highlightSegments('社保卡补办指南', terms);
    // 社保卡 and 补办 touch: one mark, not two
    expect(segments).toEqual([
      { text: '社保卡补办', hit: true },
      { text: '指南', hit: false },
    ]);
    expect(highlightSegments('WiFi 密码', ['wifi'])).toEqual([
      { text: 'WiFi', hit: true },
      { text: ' 密码', hit: false },
    ]);
    expect(highlightTerms('  ')).toEqual([]);
  });

  it('marks the paragraphs only one version has', () => {
    const diff = compareParagraphs(['甲', '乙'], ['甲', '丙']);
    expect(diff.before).toEqual([{ text: '甲' }, { text: '乙', cls: 'kb-para-removed' }]);
    expect(diff.after).toEqual([{ text: '甲' }, { text: '丙', cls: 'kb-para-added' }]);
  });
});
