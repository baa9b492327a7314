import { checkPassword, PASSWORD_POLICY, type TPasswordProblem } from '@hotline/shared';
import { Space, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { useI18n } from '../../i18n/useI18n';

const RULES = [
  'too_short',
  'too_simple',
  'contains_username',
  'common',
] as const satisfies readonly TPasswordProblem[];

/** The shared password policy as a live checklist: the same rules the server enforces. */
export function PasswordHint({ password, username }: { password: string; username?: string }) {
  const { t } = useI18n();
  const problems = new Set(checkPassword(password, { username }));
  const vars = {
    min: PASSWORD_POLICY.minLength,
    classes: PASSWORD_POLICY.minClasses,
    passphrase: PASSWORD_POLICY.passphraseLength,
  };
  return (
    <Space orientation="vertical" size={0} data-testid="password-hint">
      {RULES.map((rule) => {
        const ok = password.length > 0 && !problems.has(rule);
        return (
          <Typography.Text key={rule} type={ok ? 'success' : 'secondary'} data-ok={ok} data-rule={rule}>
            {ok ? <CheckCircleFilled /> : <CloseCircleFilled />} {t(`users.policy.${rule}`, vars)}
          </Typography.Text>
        );
      })}
    </Space>
  );
}
