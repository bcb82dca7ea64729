import type { CSSProperties } from 'react';
import { Alert } from 'antd';
import { useI18n } from '../i18n';
import type { PolicyProblem } from './api';

/** The located problems of a refused policy (422 POLICY_INVALID), one per line. */
export function PolicyProblems({ problems, style }: { problems: PolicyProblem[]; style?: CSSProperties }) {
  const { t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      title={t('decision.problems')}
      data-testid="decision-problems"
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {problems.map((p, i) => (
            <li key={i}>
              {p.location ? <strong>{p.location}：</strong> : p.path ? <code>{p.path}：</code> : null}
              {p.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}
