/**
 * A Salesforce REST API double on an ephemeral port: token endpoint, sObject
 * Collections, single create, describe and limits for CardExchange__e, with the
 * documented error bodies and a fault-injection API. Every record is checked
 * against force-app's metadata; every accepted event is kept, with its UUID,
 * for assertions.
 *
 * Behind the event bus sits the package (`subscriber`, package-subscriber.ts): each accepted
 * event leaves a CardReceivedExchange__c row and its log as the subscriber would, and the
 * receipt query (`GET /query`, alone or as a `POST /composite` subrequest, pages through
 * `nextRecordsUrl`) reads them back. Any other query is refused with MALFORMED_QUERY.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  EVENT_OBJECT,
  eventObjectName,
  loadEventFields,
  withoutNamespace,
  type EventField
} from '../../../webhook-relay/src/salesforce/event-metadata';
import { checkGrant, newToken, type AuthorizationCode, type JwtTrust, type OAuthState } from './oauth-grants';
import { PackageSubscriber } from './package-subscriber';
import { parseReceiptQuery, QueryRefused, receiptRecords } from './soql-receipts';
import { validateEventRecord, type RecordError } from './validate-event-record';

export interface AcceptedEvent {
  uuid: string;
  /** Field values by local API name (namespace stripped). */
  fields: Record<string, unknown>;
  exchangeId: string | null;
  acceptedAt: number;
}

export interface RecordedCall {
  method: string;
  path: string;
  status: number;
  records: number;
}

interface RecordFault {
  statusCode: string;
  message: string;
  /** Failures left; Infinity for "until cleared". */
  remaining: number;
}

export interface Faults {
  /** Answer data calls with a non-JSON 503 this many times (Infinity: until cleared). */
  unavailable: number;
  /** Accept the connection and never answer. */
  hang: boolean;
  /** 403 REQUEST_LIMIT_EXCEEDED on every data call. */
  requestLimitExceeded: boolean;
  /** Per-record LIMIT_EXCEEDED (hourly event allocation spent). */
  publishLimitExceeded: boolean;
  latencyMs: number;
  /** The package is not installed: no event object. */
  packageMissing: boolean;
  /** The integration user lacks the permission set. */
  createDenied: boolean;
  /** Every record fails with PLATFORM_EVENT_ENCRYPTION_ERROR (the org's Shield event encryption is broken). */
  encryptionError: boolean;
  /** The body of the non-JSON 503 (`unavailable`). */
  unavailableBody: string;
  /** Token answers name this `instance_url` instead of the double's own. */
  instanceUrl: string | null;
  /** Answer the token endpoint with a 307 to this URL. */
  redirectTokenTo: string | null;
  /** Answer data calls with a 307 to this URL. */
  redirectDataTo: string | null;
  /** The relay's user cannot see the receipt objects (no CardExchangePublisher, or an older package). */
  receiptsDenied: boolean;
}

export interface ApiDoubleOptions {
  namespace?: string;
  clientId?: string;
  clientSecret?: string;
  fields?: EventField[];
}

const NO_FAULTS: Faults = {
  unavailable: 0,
  hang: false,
  requestLimitExceeded: false,
  publishLimitExceeded: false,
  latencyMs: 0,
  packageMissing: false,
  createDenied: false,
  encryptionError: false,
  unavailableBody: '<html><body>Service Unavailable</body></html>',
  instanceUrl: null,
  redirectTokenTo: null,
  redirectDataTo: null,
  receiptsDenied: false
};

const DAILY_API_REQUESTS = 15_000;
const HOURLY_EVENTS = 250_000;

/**
 * An event the double took. It keeps the record as it came (a parsed request body, so its own)
 * and strips the namespace from its field names when a test first reads them: a bench's double
 * takes hundreds of thousands, and an object of ~30 properties set by computed key is slow to
 * build (V8's dictionary mode) and to keep.
 */
class TakenEvent implements AcceptedEvent {
  private local: Record<string, unknown> | undefined;

  constructor(
    readonly uuid: string,
    private readonly record: Record<string, unknown>,
    private readonly namespace: string,
    readonly exchangeId: string | null,
    readonly acceptedAt: number
  ) {}

  get fields(): Record<string, unknown> {
    if (!this.local) {
      const local: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(this.record)) {
        if (name !== 'attributes') local[withoutNamespace(this.namespace, name)] = value;
      }
      this.local = local;
    }
    return this.local;
  }
}

/** A create's answer for a record Salesforce refused. */
function failure(error: RecordError): { id: null; success: false; errors: RecordError[] } {
  return { id: null, success: false, errors: [error] };
}

export class SalesforceApiDouble {
  readonly namespace: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly objectName: string;
  readonly events: AcceptedEvent[] = [];
  readonly calls: RecordedCall[] = [];
  faults: Faults = { ...NO_FAULTS };
  tokensIssued = 0;
  /** The package in the org: what it wrote for each accepted event. */
  readonly subscriber = new PackageSubscriber();
  /** Rows per query page before `nextRecordsUrl` (the REST API's batch is up to 2,000). */
  queryBatchSize = 2_000;
  /** Every SOQL query answered (receipt queries), with how many ids it asked for. */
  readonly queries: { ids: number }[] = [];
  /** Queries refused as not the receipt query, with the reason: a test asserts none. */
  readonly refusedQueries: { soql: string; reason: string }[] = [];
  private readonly cursors = new Map<string, Record<string, unknown>[]>();
  /** Every refresh_token grant: the token it used and whether it was accepted. */
  readonly refreshGrants: { refreshToken: string; accepted: boolean }[] = [];

  private readonly fields: EventField[];
  private readonly accessTokens = new Set<string>();
  private readonly recordFaults = new Map<string, RecordFault>();
  private readonly oauth: OAuthState;
  private server: Server | null = null;
  private baseUrl = '';
  private idCounter = 0;

  constructor(options: ApiDoubleOptions = {}) {
    this.namespace = options.namespace ?? 'cardbridge';
    this.clientId = options.clientId ?? 'double-consumer-key';
    this.clientSecret = options.clientSecret ?? 'double-consumer-secret';
    this.objectName = eventObjectName(this.namespace);
    this.fields = options.fields ?? loadEventFields();
    this.oauth = {
      clients: new Map([[this.clientId, this.clientSecret]]),
      refreshTokens: new Set(),
      codes: new Map(),
      jwt: [],
      rejectClientCredentialsDomain: false,
      rotateRefreshTokens: false
    };
  }

  get url(): string {
    if (!this.server) throw new Error('the Salesforce API double is not started');
    return this.baseUrl;
  }

  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.subscriber.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // --- fault injection and setup ---

  resetFaults(): void {
    this.faults = { ...NO_FAULTS };
    this.recordFaults.clear();
    this.subscriber.reset();
    this.queryBatchSize = 2_000;
    this.cursors.clear();
    this.refusedQueries.length = 0;
    this.oauth.rejectClientCredentialsDomain = false;
    this.oauth.rotateRefreshTokens = false;
  }

  /** Every access token stops working at once (answers 401 INVALID_SESSION_ID). */
  revokeTokens(): void {
    this.accessTokens.clear();
  }

  /** Answer client credentials like login.salesforce.com: not on this domain. */
  actAsGenericLoginDomain(on = true): void {
    this.oauth.rejectClientCredentialsDomain = on;
  }

  /** Records with these ExchangeIds fail with `statusCode` (`times` times, or until cleared). */
  failRecords(exchangeIds: readonly string[], statusCode: string, message: string, times = Infinity): void {
    for (const id of exchangeIds) this.recordFaults.set(id, { statusCode, message, remaining: times });
  }

  addRefreshToken(token = newToken('5Aep')): string {
    this.oauth.refreshTokens.add(token);
    return token;
  }

  revokeRefreshTokens(): void {
    this.oauth.refreshTokens.clear();
  }

  /** Refresh token rotation on the app: each refresh answers a new refresh token and invalidates the one used. */
  rotateRefreshTokens(on = true): void {
    this.oauth.rotateRefreshTokens = on;
  }

  hasRefreshToken(token: string): boolean {
    return this.oauth.refreshTokens.has(token);
  }

  /** What the authorize page hands back to the callback after the user approves. */
  issueAuthorizationCode(code: AuthorizationCode): string {
    const value = newToken('aPrx');
    this.oauth.codes.set(value, code);
    return value;
  }

  trustJwt(trust: JwtTrust): void {
    this.oauth.jwt.push(trust);
  }

  eventsFor(exchangeId: string): AcceptedEvent[] {
    return this.events.filter((event) => event.exchangeId === exchangeId);
  }

  // --- HTTP ---

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://double');
    const method = req.method ?? 'GET';
    if (this.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.faults.latencyMs));
    if (this.faults.hang) return; // the socket stays open until stop()

    let records = 0;
    const send = (status: number, body: unknown, contentType = 'application/json;charset=UTF-8'): void => {
      this.calls.push({ method, path: url.pathname, status, records });
      res.writeHead(status, { 'content-type': contentType });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };

    if (method === 'POST' && url.pathname === '/services/oauth2/token') {
      if (this.faults.redirectTokenTo) {
        this.calls.push({ method, path: url.pathname, status: 307, records });
        res.writeHead(307, { location: this.faults.redirectTokenTo }).end();
        return;
      }
      this.token(new URLSearchParams(text), send);
      return;
    }
    if (this.faults.redirectDataTo && url.pathname.startsWith('/services/data/')) {
      this.calls.push({ method, path: url.pathname, status: 307, records });
      res.writeHead(307, { location: `${this.faults.redirectDataTo}${url.pathname}` }).end();
      return;
    }
    const data = /^\/services\/data\/v(\d+\.0)(\/.*?)\/?$/.exec(url.pathname);
    if (!data) return send(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !this.accessTokens.has(bearer)) {
      return send(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    if (this.faults.unavailable > 0) {
      this.faults.unavailable -= 1;
      return send(503, this.faults.unavailableBody, 'text/html');
    }
    if (this.faults.requestLimitExceeded) {
      return send(403, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }]);
    }
    const resource = data[2] ?? '';
    let body: unknown;
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      return send(400, [{ errorCode: 'JSON_PARSER_ERROR', message: 'Unexpected character in the request body' }]);
    }
    if (method === 'POST' && resource === '/composite/sobjects') {
      const list = (body as { records?: Record<string, unknown>[] } | undefined)?.records ?? [];
      records = list.length;
      if (list.length > 200) {
        return send(400, [
          {
            errorCode: 'EXCEEDED_ID_LIMIT',
            message: 'record limit reached. cannot submit more than 200 records into this call'
          }
        ]);
      }
      return send(
        200,
        list.map((record) => this.create(record, String((record.attributes as { type?: string })?.type)))
      );
    }
    if (method === 'GET' && (resource === '/query' || resource.startsWith('/query/'))) {
      const answer = this.query(resource, url.searchParams.get('q'), data[1] as string);
      return send(answer.status, answer.body);
    }
    if (method === 'POST' && resource === '/composite') {
      const answer = this.composite(body, data[1] as string);
      return send(answer.status, answer.body);
    }
    const sobject = /^\/sobjects\/([A-Za-z0-9_]+)(\/describe)?$/.exec(resource);
    if (sobject) {
      const [, type, describe] = sobject;
      if (this.faults.packageMissing || type !== this.objectName) {
        return send(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
      }
      if (describe && method === 'GET') return send(200, this.describe());
      if (!describe && method === 'POST') {
        records = 1;
        const result = this.create((body ?? {}) as Record<string, unknown>, type);
        return result.success
          ? send(201, result)
          : send(
              400,
              result.errors.map((e) => ({ ...e, errorCode: e.statusCode }))
            );
      }
    }
    if (method === 'GET' && resource === '/limits') {
      const published = this.events.length;
      return send(200, {
        DailyApiRequests: { Max: DAILY_API_REQUESTS, Remaining: DAILY_API_REQUESTS - this.calls.length },
        HourlyPublishedPlatformEvents: { Max: HOURLY_EVENTS, Remaining: HOURLY_EVENTS - published }
      });
    }
    return send(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  }

  private token(form: URLSearchParams, send: (status: number, body: unknown) => void): void {
    const outcome = checkGrant(this.oauth, form);
    if (form.get('grant_type') === 'refresh_token') {
      this.refreshGrants.push({ refreshToken: form.get('refresh_token') ?? '', accepted: !('status' in outcome) });
    }
    if ('status' in outcome) return send(outcome.status, outcome.body);
    const accessToken = newToken('00Ddouble');
    this.accessTokens.add(accessToken);
    this.tokensIssued += 1;
    const answer: Record<string, string> = {
      access_token: accessToken,
      instance_url: this.faults.instanceUrl ?? this.baseUrl,
      id: `${this.baseUrl}/id/00Ddouble/005double`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: 'double',
      scope: 'api'
    };
    if (outcome.refreshToken) answer.refresh_token = this.addRefreshToken();
    send(200, answer);
  }

  private create(
    record: Record<string, unknown>,
    type: string
  ): { id: string | null; success: boolean; errors: RecordError[] } {
    if (this.faults.packageMissing || type !== this.objectName) {
      return failure({ statusCode: 'INVALID_TYPE', message: `sObject type '${type}' is not supported.`, fields: [] });
    }
    if (this.faults.createDenied) {
      return failure({
        statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
        message: `You do not have permission to create ${EVENT_OBJECT}`,
        fields: []
      });
    }
    if (this.faults.encryptionError) {
      return failure({
        statusCode: 'PLATFORM_EVENT_ENCRYPTION_ERROR',
        message: 'The platform event messages could not be published due to a problem with encryption.',
        fields: []
      });
    }
    if (this.faults.publishLimitExceeded) {
      return failure({
        statusCode: 'LIMIT_EXCEEDED',
        message: 'Hourly published platform events limit exceeded',
        fields: []
      });
    }
    const invalid = validateEventRecord(record, this.fields, this.namespace);
    if (invalid) return failure(invalid);
    const exchangeIdField = this.namespace ? `${this.namespace}__ExchangeId__c` : 'ExchangeId__c';
    const exchangeId = typeof record[exchangeIdField] === 'string' ? (record[exchangeIdField] as string) : null;
    const injected = exchangeId ? this.recordFaults.get(exchangeId) : undefined;
    if (injected && injected.remaining > 0) {
      injected.remaining -= 1;
      return failure({ statusCode: injected.statusCode, message: injected.message, fields: [] });
    }
    const uuid = randomUUID();
    this.events.push(new TakenEvent(uuid, record, this.namespace, exchangeId, Date.now()));
    this.subscriber.accepted(exchangeId);
    this.idCounter += 1;
    return {
      id: `e00xx${String(this.idCounter).padStart(10, '0')}AAA`,
      success: true,
      errors: [{ statusCode: 'OPERATION_ENQUEUED', message: uuid, fields: [] }]
    };
  }

  /** `GET /query?q=` (the receipt query only) and `GET /query/<locator>` (the next page). */
  private query(resource: string, soql: string | null, apiVersion: string): { status: number; body: unknown } {
    const malformed = (message: string) => ({ status: 400, body: [{ errorCode: 'MALFORMED_QUERY', message }] });
    if (resource.startsWith('/query/')) {
      const locator = resource.slice('/query/'.length);
      const rest = this.cursors.get(locator);
      if (!rest)
        return { status: 400, body: [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }] };
      this.cursors.delete(locator);
      return { status: 200, body: this.page(rest, apiVersion) };
    }
    if (soql === null) return malformed('q is required');
    let parsed;
    try {
      parsed = parseReceiptQuery(soql, this.namespace);
    } catch (error) {
      if (!(error instanceof QueryRefused)) throw error;
      this.refusedQueries.push({ soql, reason: error.message });
      // Loud: a relay test that sends another query sees it in its output as well as in the answer.
      process.stderr.write(`Salesforce API double refused a query (${error.message}): ${soql.slice(0, 300)}\n`);
      return malformed(`the API double answers only the receipt query: ${error.message}`);
    }
    if (this.faults.receiptsDenied) {
      return {
        status: 400,
        body: [
          {
            errorCode: 'INVALID_TYPE',
            message: `sObject type '${this.namespace}__CardReceivedExchange__c' is not supported.`
          }
        ]
      };
    }
    this.queries.push({ ids: parsed.exchangeIds.length });
    return {
      status: 200,
      body: this.page(receiptRecords(parsed, this.subscriber.rows, this.namespace, apiVersion), apiVersion)
    };
  }

  private page(records: Record<string, unknown>[], apiVersion: string): unknown {
    const batch = records.slice(0, this.queryBatchSize);
    const rest = records.slice(this.queryBatchSize);
    if (rest.length === 0) return { totalSize: records.length, done: true, records: batch };
    const locator = `01gDouble${randomUUID().replace(/-/g, '').slice(0, 10)}-${this.queryBatchSize}`;
    this.cursors.set(locator, rest);
    return {
      totalSize: records.length,
      done: false,
      nextRecordsUrl: `/services/data/v${apiVersion}/query/${locator}`,
      records: batch
    };
  }

  /** `POST /composite`: up to 25 subrequests, at most 5 of them queries; only query subrequests are answered here. */
  private composite(body: unknown, apiVersion: string): { status: number; body: unknown } {
    const requests = (body as { compositeRequest?: unknown } | undefined)?.compositeRequest;
    if (!Array.isArray(requests) || requests.length === 0 || requests.length > 25) {
      return {
        status: 400,
        body: [{ errorCode: 'INVALID_INPUT', message: 'compositeRequest needs 1 to 25 subrequests' }]
      };
    }
    if (requests.length > 5) {
      return {
        status: 400,
        body: [{ errorCode: 'INVALID_INPUT', message: 'a composite request holds at most 5 query operations' }]
      };
    }
    const compositeResponse = requests.map((request: { method?: string; url?: string; referenceId?: string }) => {
      const target = new URL(request.url ?? '', 'http://double');
      const match = /^\/services\/data\/v(\d+\.0)(\/query(?:\/[^/]+)?)$/.exec(target.pathname);
      if (request.method !== 'GET' || !match || match[1] !== apiVersion) {
        return {
          body: [{ errorCode: 'NOT_FOUND', message: 'the API double answers only query subrequests' }],
          httpHeaders: {},
          httpStatusCode: 404,
          referenceId: request.referenceId
        };
      }
      const answer = this.query(match[2] as string, target.searchParams.get('q'), apiVersion);
      return { body: answer.body, httpHeaders: {}, httpStatusCode: answer.status, referenceId: request.referenceId };
    });
    return { status: 200, body: { compositeResponse } };
  }

  private describe(): unknown {
    const sfType: Record<EventField['type'], string> = {
      Text: 'string',
      LongTextArea: 'textarea',
      Checkbox: 'boolean',
      DateTime: 'datetime',
      Date: 'date',
      Number: 'double'
    };
    return {
      name: this.objectName,
      label: 'Card Exchange',
      createable: !this.faults.createDenied,
      fields: this.fields.map((field) => ({
        name: this.namespace ? `${this.namespace}__${field.name}` : field.name,
        type: sfType[field.type],
        length: field.length ?? 0,
        createable: !this.faults.createDenied
      }))
    };
  }
}
