/**
 * The relay's pino logger: JSON lines, every object and message passed
 * through the redaction helper so no secret, token, full email or phone number
 * is written, whatever a caller hands it.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { redactText, redactValue } from './redact';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Where lines go; default stdout. Tests pass a stream to read them. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'cardbridge-relay' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        log: (object) => redactValue(object) as Record<string, unknown>
      },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
          method.apply(this, redacted as Parameters<typeof method>);
        }
      }
    },
    options.destination
  );
}
