import { checkPassword, PASSWORD_PROBLEM_MESSAGES, ZCreateUserSchema, ZPasswordSchema } from '../../src';

describe('the password policy', () => {
  test.each([
    ['Hotline@12345', 'the demo password: 4 classes, 13 characters'],
    ['Quiet-river-42', 'three classes'],
    ['correct horse battery staple', 'a long passphrase in one class'],
  ])('accepts %s (%s)', (password) => {
    expect(checkPassword(password)).toEqual([]);
  });

  test('refuses short, single-class and two-class passwords below the passphrase length', () => {
    expect(checkPassword('Ab1!')).toEqual(['too_short']);
    expect(checkPassword('abcdefghijk')).toEqual(['too_simple']);
    expect(checkPassword('abcdefgh1234')).toEqual(['too_simple']);
    expect(checkPassword('abcdefgh12345678')).toEqual([]); // 16 characters: a passphrase
    expect(checkPassword('x'.repeat(201))).toContain('too_long');
    // Chinese characters count as symbols: a short phrase is one class, a long one a passphrase.
    expect(checkPassword('门前大桥下游过一群鸭子')).toEqual(['too_simple']);
    expect(checkPassword('门前大桥下游过一群鸭子快来快来数一数')).toEqual([]);
  });

  test('refuses the username inside the password, whatever its case', () => {
    expect(checkPassword('Agent1-Is-Here!', { username: 'agent1' })).toEqual(['contains_username']);
    expect(checkPassword('Agent1-Is-Here!', { username: 'agent2' })).toEqual([]);
  });

  test('refuses common passwords that pass the other rules', () => {
    for (const p of ['Password123!', '12345678Aa', 'Admin@12345', 'P@ssw0rd123', 'passwordpassword'])
      expect(checkPassword(p)).toContain('common');
  });

  test('the schemas carry the problems as bilingual messages', () => {
    const r = ZPasswordSchema.safeParse('Password123!');
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual([PASSWORD_PROBLEM_MESSAGES.common]);
    expect(PASSWORD_PROBLEM_MESSAGES.too_simple).toMatch(/[\u4e00-\u9fff].*\(use 3 of/);
    const user = ZCreateUserSchema.safeParse({
      username: 'wang.li',
      displayName: '王力',
      role: 'agent',
      unitId: '00000000-0000-4000-8000-000000000000',
      password: 'Wang.Li-2026-ok',
    });
    expect(user.success).toBe(false);
    expect(user.error!.issues).toEqual([
      expect.objectContaining({ path: ['password'], message: PASSWORD_PROBLEM_MESSAGES.contains_username }),
    ]);
  });
});
