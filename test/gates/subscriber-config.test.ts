import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runGate } from './run-script';

describe('scripts/subscriber-config.mjs', () => {
  it('writes a deployable config that runs CardExchangeTrigger as the given user', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'subscriber-config-'));
    try {
      const { status } = runGate('subscriber-config.mjs', ['ci&admin@example.com', out]);
      expect(status).toBe(0);
      const xml = readFileSync(
        path.join(out, 'PlatformEventSubscriberConfigs', 'CardExchangeTriggerConfig.platformEventSubscriberConfig'),
        'utf8'
      );
      expect(XMLValidator.validate(xml)).toBe(true);
      const config = new XMLParser().parse(xml).PlatformEventSubscriberConfig;
      expect(config).toMatchObject({ platformEventConsumer: 'CardExchangeTrigger', user: 'ci&admin@example.com' });
      expect(readFileSync(path.join(out, 'package.xml'), 'utf8')).toContain(
        '<name>PlatformEventSubscriberConfig</name>'
      );
      // The Metadata API documents this folder name; a deploy does not find the config elsewhere.
      expect(readdirSync(out).sort()).toEqual(['PlatformEventSubscriberConfigs', 'package.xml']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('refuses to run without a username and an output directory', () => {
    const { status, output } = runGate('subscriber-config.mjs', []);
    expect(status).toBe(2);
    expect(output).toContain('usage:');
  });
});
