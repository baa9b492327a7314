import { pinyinKey } from '../../src/modules/reference/pinyin-key';
import { signInCast } from '../support/drive';
import { startTestServer } from '../support/harness';

test('full pinyin and initials, digits kept', () => {
  expect(pinyinKey('占道经营')).toBe('zhandaojingying zdjy');
  expect(pinyinKey('溧阳市12345分中心')).toBe('liyangshi12345fenzhongxin lys12345fzx');
});

test('the units and categories the console searches carry the key', async () => {
  const s = await startTestServer('pinyin_key');
  try {
    const c = await signInCast(s);
    const categories = (await c.agent.get('/categories')).body.items as { name: string; pinyin: string }[];
    expect(categories.find((x) => x.name === '占道经营')?.pinyin).toBe('zhandaojingying zdjy');
    const units = (await c.dispatcher.get('/units')).body.items as { code: string; pinyin: string }[];
    expect(units.find((u) => u.code === 'cgj')?.pinyin).toBe('shichengguanju scgj');
  } finally {
    await s.stop();
  }
});
