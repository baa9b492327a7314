import { z } from 'zod';

/**
 * The password policy, shared by the server (which enforces it on every password it sets) and
 * the console (which shows the same hints while the user types). Length beats complexity: a
 * long passphrase needs no symbols.
 */
export const PASSWORD_POLICY = {
  minLength: 10,
  maxLength: 200,
  /** Of lower case, upper case, digits and symbols. */
  minClasses: 3,
  /** A passphrase this long needs no mix of character classes. */
  passphraseLength: 16,
} as const;

export const PASSWORD_PROBLEMS = [
  'too_short',
  'too_long',
  'too_simple',
  'contains_username',
  'common',
] as const;
export type TPasswordProblem = (typeof PASSWORD_PROBLEMS)[number];

export const PASSWORD_PROBLEM_MESSAGES: Record<TPasswordProblem, string> = {
  too_short: `密码至少 ${PASSWORD_POLICY.minLength} 位 (at least ${PASSWORD_POLICY.minLength} characters)`,
  too_long: `密码最多 ${PASSWORD_POLICY.maxLength} 位 (at most ${PASSWORD_POLICY.maxLength} characters)`,
  too_simple:
    `须包含小写字母、大写字母、数字、符号中的至少 ${PASSWORD_POLICY.minClasses} 类，或使用 ${PASSWORD_POLICY.passphraseLength} 位以上的短语 ` +
    `(use ${PASSWORD_POLICY.minClasses} of lower case, upper case, digits and symbols, or a passphrase of ${PASSWORD_POLICY.passphraseLength}+ characters)`,
  contains_username: '密码不能包含用户名 (must not contain the username)',
  common: '这是常见密码，请换一个 (this is a commonly used password)',
};

/**
 * Passwords every guesser tries first, compared case-insensitively. Short on purpose: the class
 * and length rules already refuse most of the classic lists; these are the ones that pass them.
 */
const COMMON_PASSWORDS = new Set(
  [
    'Password123!',
    'Password@123',
    'Password1234',
    'P@ssw0rd123',
    'P@ssword123',
    '12345678Aa',
    '123456789Aa',
    '1234567890Aa',
    'Aa123456789',
    'Aa12345678',
    'Abc@123456',
    'Abc123456!',
    'Admin@123',
    'Admin@1234',
    'Admin@12345',
    'Admin123456',
    'Qwerty123!',
    'Qwer1234!@',
    '1qaz2wsx3edc',
    '1qaz@WSX3edc',
    '1QAZ2wsx!@#',
    'Welcome123!',
    'Changeme123!',
    'Root@123456',
    'Woaini1314!',
    'Woaini520!',
    'Zxcvbnm123!',
    'Iloveyou123!',
    'abcdefghijklmnop',
    '1234567890123456',
    'passwordpassword',
    'qwertyuiopasdfgh',
  ].map((p) => p.toLowerCase()),
);

export function passwordClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/** Every rule the password breaks (empty when it is fine). `username` is optional: the console may not know it yet. */
export function checkPassword(password: string, opts: { username?: string } = {}): TPasswordProblem[] {
  const problems: TPasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_POLICY.minLength) problems.push('too_short');
  if (length > PASSWORD_POLICY.maxLength) problems.push('too_long');
  if (length < PASSWORD_POLICY.passphraseLength && passwordClasses(password) < PASSWORD_POLICY.minClasses)
    problems.push('too_simple');
  const username = opts.username?.trim().toLowerCase();
  if (username && username.length >= 3 && password.toLowerCase().includes(username))
    problems.push('contains_username');
  if (COMMON_PASSWORDS.has(password.toLowerCase())) problems.push('common');
  return problems;
}

/** A password on its own (no username known): for change-password forms and PATCH bodies. */
export const ZPasswordSchema = z.string().superRefine((value, ctx) => {
  for (const problem of checkPassword(value)) {
    ctx.addIssue({ code: 'custom', message: PASSWORD_PROBLEM_MESSAGES[problem], params: { problem } });
  }
});

/** Adds the username rule to an object schema that has both fields. */
export function refinePasswordWithUsername(
  value: { username?: string; password?: string },
  ctx: z.RefinementCtx,
): void {
  if (!value.password || !value.username) return;
  if (checkPassword(value.password, { username: value.username }).includes('contains_username')) {
    ctx.addIssue({
      code: 'custom',
      path: ['password'],
      message: PASSWORD_PROBLEM_MESSAGES.contains_username,
      params: { problem: 'contains_username' },
    });
  }
}

/** The signed-in user changes their own password. */
export const ZChangePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: ZPasswordSchema,
});
export type TChangePasswordInput = z.infer<typeof ZChangePasswordSchema>;
