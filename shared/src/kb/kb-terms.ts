import { kbSynonymsOf } from './kb-synonyms';

/**
 * The terms the knowledge base is searched by. PostgreSQL's 'simple' text search splits on spaces
 * and punctuation only, which leaves a Chinese sentence as one giant "word"; so the server stores
 * (and queries with) the terms made here: dictionary words, CJK character bigrams and latin or
 * digit words, space-separated. Bigrams find what a citizen says in other words than the article
 * ('社保卡丢了' shares 社保 and 保卡 with '社保卡补办') and survive the dictionary's mistakes
 * (ICU splits 公积金 into single characters). The same function runs on articles and on queries,
 * so both sides always agree. Pure: no I/O, no clock.
 */

// ICU's dictionary segmenter handles simplified and traditional Chinese alike.
// Made on first use: the console bundles this module, and a browser without Intl.Segmenter
// must still load (only the features that split words need it).
let words: Intl.Segmenter | undefined;
const segmenter = (): Intl.Segmenter => (words ??= new Intl.Segmenter('zh', { granularity: 'word' }));
/** The same lazy word segmenter, for other features that split Chinese text (hot topics). */
export const zhWordSegmenter = segmenter;
const HAN_RUN = /\p{Script=Han}+/gu;
const HAN = /\p{Script=Han}/u;
/** Letters and digits that are not Han: latin words, numbers, hotline numbers like 12345. */
const OTHER_RUN = /[\p{L}\p{N}]+/gu;
const TERM = /^[\p{L}\p{N}]+$/u;
const MAX_TERM_LENGTH = 40;

/**
 * Words and bigrams that carry no meaning of their own in a citizen's question: question words,
 * pronouns, fillers. Kept small on purpose: anything else common is weighed down by the ranking.
 */
const STOP_TERMS: ReadonlySet<string> = new Set([
  '怎么',
  '怎样',
  '怎么办',
  '如何',
  '请问',
  '什么',
  '哪里',
  '哪儿',
  '哪个',
  '哪些',
  '可以',
  '能否',
  '是否',
  '我们',
  '你们',
  '他们',
  '我的',
  '我家',
  '一下',
  '这个',
  '那个',
  '这样',
  '那样',
  '现在',
  '已经',
  '但是',
  '还是',
  '就是',
  '因为',
  '所以',
  '有没',
  '没有',
  '您好',
  '你好',
  '谢谢',
  'the',
  'a',
  'an',
  'of',
  'to',
  'and',
  'or',
  'is',
  'in',
]);

/** Modal particles: a bigram holding one ('丢了', '了怎') is noise; real words with them come from the dictionary. */
const PARTICLES: ReadonlySet<string> = new Set([...'的了吗呢吧啊呀哦嘛哈喔噢哎唉么']);

/** Full-width forms to ASCII and one case: '１２３４５' and '12345', 'WiFi' and 'wifi' are the same term. */
export function normalizeKbText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function keep(term: string): boolean {
  return term.length <= MAX_TERM_LENGTH && TERM.test(term) && !STOP_TERMS.has(term);
}

/** Every term of the text in order, repeats included (a term's count is its weight in a document). */
export function kbTermList(text: string): string[] {
  const normalized = normalizeKbText(text);
  const terms: string[] = [];
  for (const s of segmenter().segment(normalized)) {
    const word = s.segment;
    // Two-character Han words are also bigrams below; single characters say too little alone.
    if (!s.isWordLike || !HAN.test(word) || [...word].length < 3) continue;
    if (keep(word)) terms.push(word);
  }
  for (const run of normalized.match(HAN_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) {
      if (PARTICLES.has(chars[i]!) || PARTICLES.has(chars[i + 1]!)) continue;
      const bigram = chars[i]! + chars[i + 1]!;
      if (keep(bigram)) terms.push(bigram);
    }
  }
  for (const run of normalized.replace(HAN_RUN, ' ').match(OTHER_RUN) ?? []) {
    if (keep(run)) terms.push(run);
  }
  return terms;
}

/** The space-separated terms stored in kb_articles.search_terms (and used to build a query). */
export function kbSearchTerms(text: string): string {
  return kbTermList(text).join(' ');
}

/**
 * The distinct terms of a query with how often each occurs, first occurrence first, at most
 * `max`; then the terms of the synonyms it mentions (电瓶车 also searches 电动自行车).
 */
export function kbQueryTerms(text: string, max = 300): { term: string; count: number }[] {
  const counts = new Map<string, number>();
  const add = (term: string) => {
    if (!counts.has(term) && counts.size >= max) return;
    counts.set(term, (counts.get(term) ?? 0) + 1);
  };
  kbTermList(text).forEach(add);
  for (const synonym of kbSynonymsOf(normalizeKbText(text))) {
    for (const term of kbTermList(synonym)) if (!counts.has(term)) add(term);
  }
  return [...counts].map(([term, count]) => ({ term, count }));
}
