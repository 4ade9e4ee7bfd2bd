/**
 * The banner that answers "Connect" or "Test": success, or which step failed,
 * what happened and what to do, in the visitor's language.
 */
import type { ConnectionTestResult } from '../salesforce/test-connection';
import type { Banner } from './console-sessions';
import type { Messages } from './console-messages';

/** Outcomes whose English sentence carries a detail (an error code) worth keeping in a translation. */
const DETAILED = new Set(['auth_failed', 'salesforce_error', 'unreachable']);

export function connectionOutcomeBanner(name: string, result: ConnectionTestResult, m: Messages): Banner {
  if (result.ok) return { kind: 'success', title: m.connected(name) };
  const translated = m.testOutcomes?.[result.code];
  const detail = translated
    ? `${translated.message}${DETAILED.has(result.code) ? ` (${result.message})` : ''}`
    : result.message;
  const hint = translated ? translated.hint : result.hint;
  return {
    kind: 'error',
    title: m.failedAt(name, m.stepNames[result.step] ?? result.step),
    detail,
    ...(hint ? { hint } : {})
  };
}
