/**
 * The banner that answers "Connect" or "Test": success, or which step failed,
 * what happened and what to do, in the visitor's language.
 */
import type { ConnectionTestResult } from '../salesforce/test-connection';
import type { Banner } from './console-sessions';
import type { Messages } from './console-messages';
import { CONSOLE_BASE } from './page-layout';

/** Outcomes whose English sentence carries a detail (an error code) worth keeping in a translation. */
const DETAILED = new Set(['auth_failed', 'salesforce_error', 'unreachable']);

/**
 * @param testExchangeFor the connection's id: a connection that passed offers "Send a test exchange"
 *   (John Doe through the whole path, to the record in the org) as the next step
 */
export function connectionOutcomeBanner(
  name: string,
  result: ConnectionTestResult,
  m: Messages,
  testExchangeFor?: string
): Banner {
  if (result.ok) {
    return {
      kind: 'success',
      title: m.connected(name),
      ...(testExchangeFor !== undefined
        ? {
            action: {
              label: m.sendTestButton,
              path: `${CONSOLE_BASE}/test-exchange`,
              fields: { connectionId: testExchangeFor }
            }
          }
        : {})
    };
  }
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
