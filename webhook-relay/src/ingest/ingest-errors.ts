/**
 * Why ingest refused a webhook, as values with a code. The HTTP layer maps
 * each code to a status and a problem type in one place.
 */

export type IngestRejectionCode =
  | 'INVALID_SIGNATURE'
  | 'MALFORMED_JSON'
  | 'INVALID_PAYLOAD'
  | 'UNSUPPORTED_EVENT_TYPE'
  | 'WEBHOOK_ID_CONFLICT'
  | 'STORAGE_UNAVAILABLE';

export interface FieldError {
  /** Dotted path into the body (`data.contact.email`) or `headers.<name>`. */
  path: string;
  message: string;
}

export interface IngestRejection {
  code: IngestRejectionCode;
  detail: string;
  errors?: FieldError[];
}
