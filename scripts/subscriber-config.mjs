#!/usr/bin/env node
// Writes a deployable (Metadata API format) PlatformEventSubscriberConfig that runs
// CardExchangeTrigger as the given user. 2GP packages cannot contain this metadata,
// so scratch orgs (and CI) deploy it separately; in a customer org the setup
// assistant walks the admin through the same setting. The folder name is the one the
// Metadata API documents for the type: PlatformEventSubscriberConfigs
// (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_platformeventsubscriberconfig.htm).
//
// Usage: node scripts/subscriber-config.mjs <username> <output dir> [batch size]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [username, outDir, batchSize = '200'] = process.argv.slice(2);
if (!username || !outDir) {
  console.error('usage: node scripts/subscriber-config.mjs <username> <output dir> [batch size]');
  process.exit(2);
}
const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const dir = path.join(outDir, 'PlatformEventSubscriberConfigs');
mkdirSync(dir, { recursive: true });
writeFileSync(
  path.join(dir, 'CardExchangeTriggerConfig.platformEventSubscriberConfig'),
  `<?xml version="1.0" encoding="UTF-8"?>
<PlatformEventSubscriberConfig xmlns="http://soap.sforce.com/2006/04/metadata">
    <batchSize>${Number(batchSize)}</batchSize>
    <masterLabel>CardExchangeTriggerConfig</masterLabel>
    <platformEventConsumer>CardExchangeTrigger</platformEventConsumer>
    <user>${escape(username)}</user>
</PlatformEventSubscriberConfig>
`
);
writeFileSync(
  path.join(outDir, 'package.xml'),
  `<?xml version="1.0" encoding="UTF-8"?>
<Package xmlns="http://soap.sforce.com/2006/04/metadata">
    <types>
        <members>CardExchangeTriggerConfig</members>
        <name>PlatformEventSubscriberConfig</name>
    </types>
    <version>65.0</version>
</Package>
`
);
console.log(`wrote ${path.join(dir, 'CardExchangeTriggerConfig.platformEventSubscriberConfig')} (runs as ${username})`);
