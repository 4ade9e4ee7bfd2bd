/** Routing an account to the org connection that serves it. */
import { createStaticConnectionDirectory } from '../../webhook-relay/src/ingest/connection-directory';

describe('static connection directory', () => {
  const directory = createStaticConnectionDirectory([
    { id: 'acme', accountIds: ['acc_acme', 'acc_acme_eu'] },
    { id: 'everyone-else' },
    { id: 'globex', accountIds: ['acc_globex'] }
  ]);

  it('routes a listed account to the connection that lists it', () => {
    expect(directory.resolve('acc_acme_eu')).toBe('acme');
    expect(directory.resolve('acc_globex')).toBe('globex');
  });

  it('routes an unlisted account to the connection without a list', () => {
    expect(directory.resolve('acc_initech')).toBe('everyone-else');
  });

  it('leaves an account unrouted when no connection serves it', () => {
    const listedOnly = createStaticConnectionDirectory([{ id: 'acme', accountIds: ['acc_acme'] }]);
    expect(listedOnly.resolve('acc_initech')).toBeNull();
    expect(createStaticConnectionDirectory([]).resolve('acc_acme')).toBeNull();
  });
});
