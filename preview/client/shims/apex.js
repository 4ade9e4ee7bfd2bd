/**
 * Preview stand-in for `@salesforce/apex/<Class>.<method>` and `@salesforce/apex`: every Apex call becomes a
 * POST to the local preview backend; the same function doubles as a wire adapter, like on the platform.
 */

const wiredResults = new Map();
let nextWireId = 1;
const WIRE_ID = '__previewWireId';

/** Apex errors reach components in the platform's shape: `{ status, body: { message, ... } }`. */
function apexError(status, body) {
  const error = new Error((body && body.message) || `Apex call failed (${status})`);
  error.status = status;
  error.body = body;
  error.ok = false;
  error.statusText = 'Apex error';
  return error;
}

/**
 * How many Apex calls are in flight, for the browser tests: they wait for 0 (and no spinner) before checking a
 * screen, which is exact where "network idle" guesses from a quiet half second.
 */
const inFlight = { count: 0 };
globalThis.__previewApexInFlight = inFlight;

async function callBackend(className, methodName, params) {
  inFlight.count += 1;
  try {
    return await requestBackend(className, methodName, params);
  } finally {
    inFlight.count -= 1;
  }
}

async function requestBackend(className, methodName, params) {
  let response;
  try {
    response = await fetch(`/preview/apex/${encodeURIComponent(className)}.${encodeURIComponent(methodName)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params === undefined ? {} : params)
    });
  } catch (networkError) {
    throw apexError(0, { message: `Preview backend unreachable: ${networkError.message}` });
  }
  const text = await response.text();
  let payload;
  try {
    payload = text ? JSON.parse(text) : {};
  } catch {
    payload = { message: text };
  }
  if (!response.ok) {
    throw apexError(response.status, payload);
  }
  // The platform turns a void Apex method into `null`; the backend answers `{ result: null }` then.
  return payload.result === undefined ? null : payload.result;
}

function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

/** Builds the default export of one `@salesforce/apex/<Class>.<method>` module. */
export function apexMethod(className, methodName) {
  const imperative = (params) => callBackend(className, methodName, params);

  class ApexWireAdapter {
    constructor(dataCallback) {
      this.dataCallback = dataCallback;
      this.config = undefined;
      this.connected = false;
      this.id = nextWireId++;
    }

    connect() {
      this.connected = true;
      wiredResults.set(this.id, this);
    }

    disconnect() {
      this.connected = false;
      wiredResults.delete(this.id);
    }

    update(config) {
      this.config = config;
      // Like the platform, a wired Apex call waits until every reactive parameter has a value.
      if (config && Object.values(config).some((value) => value === undefined)) {
        return undefined;
      }
      return this.fetch();
    }

    emit(data, error) {
      const result = { data, error };
      // refreshApex gets this object (or a proxy of it) back and finds its adapter through the id.
      Object.defineProperty(result, WIRE_ID, { value: this.id, enumerable: false });
      this.dataCallback(result);
    }

    async fetch() {
      try {
        const data = deepFreeze(await callBackend(className, methodName, this.config));
        if (this.connected) {
          this.emit(data, undefined);
        }
      } catch (error) {
        if (this.connected) {
          this.emit(undefined, error);
        }
      }
    }
  }

  imperative.adapter = ApexWireAdapter;
  return imperative;
}

/** `refreshApex(wiredValue)`: asks the backend again and re-provisions the wire. */
export function refreshApex(wiredValue) {
  const adapter = wiredValue && wiredResults.get(wiredValue[WIRE_ID]);
  return adapter ? adapter.fetch() : Promise.resolve();
}

/** `getSObjectValue(record, field)` with a `@salesforce/schema` field reference or a field name. */
export function getSObjectValue(record, field) {
  const path = typeof field === 'string' ? field : field && field.fieldApiName;
  if (!record || !path) {
    return undefined;
  }
  return path.split('.').reduce((value, part) => (value == null ? undefined : value[part]), record);
}
