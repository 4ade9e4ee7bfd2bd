/**
 * The receiving pipeline for one webhook, after HTTP has checked size and
 * content type: verify the signature on the raw bytes, parse, validate,
 * route, and store durably. Returns what happened as a value; nothing here
 * knows HTTP, and nothing is acknowledged unless the store said it is durable.
 */
import type { z } from 'zod';
import { cardExchangeEnvelopeSchema, CARD_EXCHANGE_EVENT_TYPE } from '../contract/card-exchange-envelope';
import { maxLengthOf } from '../contract/card-exchange-fields';
import type { ExchangeState, OutboxStore } from '../store/outbox-store';
import type { ConnectionDirectory } from './connection-directory';
import type { FieldError, IngestRejection } from './ingest-errors';
import { storedExchangeOf } from './stored-exchange';
import { verifyWebhook, type WebhookHeaders } from './webhook-signature';

export interface IngestDeps {
  store: OutboxStore;
  directory: ConnectionDirectory;
  /** Current secrets; a function so rotation needs no restart. */
  secrets: () => readonly string[];
  toleranceSeconds: number;
  now?: () => number;
  /** Told about storage failures (the answer only says "unavailable"). */
  onStorageError?: (error: unknown) => void;
  /** Told when a new exchange was stored `queued` for a connection (the publisher looks at once). */
  onQueued?: (connectionId: string) => void;
}

export interface IngestRequest {
  headers: WebhookHeaders;
  body: Buffer;
}

export interface IngestAccepted {
  webhookId: string;
  exchangeId: string;
  state: ExchangeState;
  duplicate: boolean;
}

export type IngestOutcome = { ok: true; value: IngestAccepted } | { ok: false; rejection: IngestRejection };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function reject(rejection: IngestRejection): IngestOutcome {
  return { ok: false, rejection };
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(utf8.decode(body)) as unknown };
  } catch {
    return { ok: false };
  }
}

function toFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message
  }));
}

export function createIngest(deps: IngestDeps) {
  const now = deps.now ?? Date.now;

  return async function ingest(request: IngestRequest): Promise<IngestOutcome> {
    const check = verifyWebhook(
      request.headers,
      request.body,
      deps.secrets(),
      Math.floor(now() / 1000),
      deps.toleranceSeconds
    );
    if (!check.ok) return reject({ code: 'INVALID_SIGNATURE', detail: check.detail });
    const webhookId = request.headers.id as string;

    const parsed = parseJson(request.body);
    if (!parsed.ok) return reject({ code: 'MALFORMED_JSON', detail: 'the body is not valid UTF-8 JSON' });

    const typeValue = (parsed.value as { type?: unknown } | null)?.type;
    if (typeof typeValue === 'string' && typeValue !== CARD_EXCHANGE_EVENT_TYPE) {
      return reject({
        code: 'UNSUPPORTED_EVENT_TYPE',
        detail: `event type "${typeValue.slice(0, 100)}" is not supported; expected "${CARD_EXCHANGE_EVENT_TYPE}"`,
        errors: [{ path: 'type', message: `expected "${CARD_EXCHANGE_EVENT_TYPE}"` }]
      });
    }
    const errors: FieldError[] = [];
    if (webhookId.length > maxLengthOf('DeliveryId__c')) {
      errors.push({
        path: 'headers.webhook-id',
        message: `must be at most ${maxLengthOf('DeliveryId__c')} characters`
      });
    }
    const validated = cardExchangeEnvelopeSchema.safeParse(parsed.value);
    if (!validated.success) errors.push(...toFieldErrors(validated.error.issues));
    if (!validated.success || errors.length > 0) {
      return reject({ code: 'INVALID_PAYLOAD', detail: 'the card exchange does not match schema v1', errors });
    }

    const envelope = validated.data;
    const receivedAt = now();
    let outcome;
    try {
      outcome = await deps.store.insert(
        storedExchangeOf({
          webhookId,
          envelope,
          body: request.body,
          receivedAt,
          connectionId: deps.directory.resolve(envelope.data.account.id)
        })
      );
    } catch (error) {
      deps.onStorageError?.(error);
      return reject({ code: 'STORAGE_UNAVAILABLE', detail: 'storage is unavailable; nothing was stored' });
    }
    if (outcome.kind === 'created' && outcome.record.connectionId !== null && outcome.record.state === 'queued') {
      deps.onQueued?.(outcome.record.connectionId);
    }
    if (outcome.kind === 'conflict') {
      return reject({
        code: 'WEBHOOK_ID_CONFLICT',
        detail: 'this webhook-id was already received with a different body; nothing was stored'
      });
    }
    return {
      ok: true,
      value: {
        webhookId,
        exchangeId: outcome.record.exchangeId,
        state: outcome.record.state,
        duplicate: outcome.kind === 'duplicate'
      }
    };
  };
}

export type Ingest = ReturnType<typeof createIngest>;
