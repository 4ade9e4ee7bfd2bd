import { signWebhook, verifyWebhook } from '../../webhook-relay/src/ingest/webhook-signature';

const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
};
const OTHER_SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
const NOW = Number(VECTOR.timestamp);
const body = Buffer.from(VECTOR.payload);

function verify(signature: string, secrets: string[] = [VECTOR.secret], now = NOW, timestamp = VECTOR.timestamp) {
  return verifyWebhook({ id: VECTOR.id, timestamp, signature }, body, secrets, now);
}

describe('Standard Webhooks signatures', () => {
  it('produces the reference test vector signature', () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.payload)).toBe(VECTOR.signature);
  });

  it('accepts the reference test vector', () => {
    expect(verify(VECTOR.signature)).toEqual({ ok: true });
  });

  it('accepts a signature made with any of several configured secrets (rotation)', () => {
    expect(verify(VECTOR.signature, [OTHER_SECRET, VECTOR.secret])).toEqual({ ok: true });
  });

  it('rejects a signature made with a rotated-out secret', () => {
    expect(verify(VECTOR.signature, [OTHER_SECRET])).toMatchObject({ ok: false, code: 'NO_MATCHING_SIGNATURE' });
  });

  it('accepts a header with decoy signatures next to a valid one', () => {
    const decoys = [
      'v1,Zm9vYmFy',
      'v2,' + VECTOR.signature.slice(3),
      'v1,' + Buffer.alloc(32).toString('base64'),
      'garbage'
    ];
    expect(verify([...decoys, VECTOR.signature].join(' '))).toEqual({ ok: true });
  });

  it('rejects a header made only of decoys', () => {
    expect(verify('v1,Zm9vYmFy v1a,abc v2,' + VECTOR.signature.slice(3))).toMatchObject({ ok: false });
  });

  it('rejects a valid signature over a body changed by one byte', () => {
    const changed = Buffer.from(VECTOR.payload.replace('2432232314', '2432232315'));
    const result = verifyWebhook(
      { id: VECTOR.id, timestamp: VECTOR.timestamp, signature: VECTOR.signature },
      changed,
      [VECTOR.secret],
      NOW
    );
    expect(result).toMatchObject({ ok: false, code: 'NO_MATCHING_SIGNATURE' });
  });

  it('rejects a timestamp older than five minutes', () => {
    expect(verify(VECTOR.signature, undefined, NOW + 301)).toMatchObject({ code: 'TIMESTAMP_OUT_OF_TOLERANCE' });
  });

  it('rejects a timestamp more than five minutes in the future', () => {
    expect(verify(VECTOR.signature, undefined, NOW - 301)).toMatchObject({ code: 'TIMESTAMP_OUT_OF_TOLERANCE' });
  });

  it('accepts a timestamp exactly at the edge of the tolerance', () => {
    expect(verify(VECTOR.signature, undefined, NOW + 300)).toEqual({ ok: true });
  });

  it('rejects a timestamp that is not unix seconds', () => {
    expect(verify(VECTOR.signature, undefined, NOW, '2021-02-25T14:22:10Z')).toMatchObject({
      code: 'INVALID_TIMESTAMP'
    });
  });

  it('rejects a request without signature headers', () => {
    expect(
      verifyWebhook({ id: VECTOR.id, timestamp: undefined, signature: undefined }, body, [VECTOR.secret], NOW)
    ).toMatchObject({
      code: 'MISSING_HEADERS'
    });
  });
});
