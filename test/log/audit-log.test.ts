import { Writable } from 'node:stream';
import { createAuditLog } from '../../webhook-relay/src/log/audit-log';
import { createLogger } from '../../webhook-relay/src/log/create-logger';

describe('audit log', () => {
  it('writes one JSON line per change, marked audit, with who, what and when, and no secret', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      }
    });
    const audit = createAuditLog(createLogger({ destination }));
    audit.record({
      action: 'connection.update',
      actor: { via: 'console', ip: '10.0.0.7', session: '0123456789ab' },
      target: 'acme',
      details: {
        changed: ['instanceUrl', 'auth.clientSecret'],
        clientSecret: 'typed-secret',
        owner: 'jane@acme.example'
      }
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(line).toMatchObject({
      audit: true,
      level: 30,
      action: 'connection.update',
      actor: { via: 'console', ip: '10.0.0.7', session: '0123456789ab' },
      target: 'acme',
      outcome: 'done',
      details: {
        changed: ['instanceUrl', 'auth.clientSecret'],
        clientSecret: '[redacted]',
        owner: 'j***@acme.example'
      },
      msg: 'audit: connection.update acme'
    });
    expect(typeof line.time).toBe('string');
    expect(lines[0]).not.toContain('typed-secret');
  });
});
