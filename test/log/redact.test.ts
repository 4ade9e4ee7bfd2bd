/** No secret, token, full email or phone number reaches a log line. */
import { Writable } from 'node:stream';
import { createLogger } from '../../webhook-relay/src/log/create-logger';
import { maskEmail, maskPhone, redactText, redactValue } from '../../webhook-relay/src/log/redact';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    }
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('redaction helper', () => {
  it('masks an email to its first character and domain', () => {
    expect(maskEmail('john.doe@example.com')).toBe('j***@example.com');
  });

  it('masks a phone number to its last two digits', () => {
    expect(maskPhone('+1 415 555 0100')).toBe('***00');
  });

  it('masks emails and international phone numbers inside free text, leaving dates and ids alone', () => {
    expect(redactText('from john.doe@example.com, call +1 415 555 0100 on 2026-11-25 about exc_123')).toBe(
      'from j***@example.com, call ***00 on 2026-11-25 about exc_123'
    );
  });

  it('replaces secret-named keys at any depth and masks phone-named keys', () => {
    expect(
      redactValue({
        auth: { clientSecret: 's3cr3t', refreshToken: 'r', privateKey: 'k' },
        headers: { authorization: 'Bearer abc', 'webhook-signature': 'v1,xyz' },
        contact: { mobilePhone: '0612345678', email: 'jane@acme.example' }
      })
    ).toEqual({
      auth: { clientSecret: '[redacted]', refreshToken: '[redacted]', privateKey: '[redacted]' },
      headers: { authorization: '[redacted]', 'webhook-signature': '[redacted]' },
      contact: { mobilePhone: '***78', email: 'j***@acme.example' }
    });
  });
});

describe('relay logger', () => {
  it('writes JSON lines without the secret, the full email or the full phone', () => {
    const { logger, lines } = capture();
    logger.info(
      { adminToken: 'tok-123456', contact: { email: 'john.doe@example.com', phone: '+1 415 555 0100' } },
      'stored exchange for john.doe@example.com'
    );
    const output = lines.join('');
    const line = JSON.parse(output);
    expect(line.msg).toBe('stored exchange for j***@example.com');
    expect(line.contact).toEqual({ email: 'j***@example.com', phone: '***00' });
    expect(output).not.toContain('tok-123456');
    expect(output).not.toContain('john.doe@');
    expect(output).not.toContain('555 0100');
  });

  it('masks personal data in logged errors', () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error('duplicate john.doe@example.com') }, 'failed');
    expect(lines.join('')).not.toContain('john.doe@');
  });
});
