/** The console's words in English; `messages-fr.ts` must say the same things (same keys, checked by the type). */

export const en = {
  languageName: 'English',
  appName: 'Cardbridge relay',
  consoleName: 'Relay console',
  navConnections: 'Connections',
  navConnect: 'Connect to Salesforce',
  navExchanges: 'Exchanges',
  signOut: 'Sign out',
  language: 'Language',

  signInTitle: 'Sign in',
  signInIntro: 'Type the admin token of this relay (RELAY_ADMIN_TOKEN) to manage its org connections and exchanges.',
  tokenLabel: 'Admin token',
  signInButton: 'Sign in',
  signInFailed: "That is not this relay's admin token.",
  signInThrottled: (minutes: number) =>
    `Too many wrong tokens came from your address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  consoleDisabled: 'The console is off: set RELAY_ADMIN_TOKEN and restart the relay.',
  sessionEnded: 'Your session ended. Sign in again.',
  signedOut: 'You are signed out.',
  csrfRefusedTitle: 'Request refused',
  csrfRefused:
    'This form expired or did not come from the console, so nothing was changed. Go back, reload the page and try again.',
  backToConsole: 'Back to the console',

  connectionsTitle: 'Org connections',
  connectionsEmpty: 'No org is connected yet. Exchanges wait until one is.',
  colName: 'Name',
  colState: 'State',
  colAccounts: 'Accounts served',
  colQueue: 'Queued',
  colLastPublish: 'Last publish',
  colLastError: 'Last error',
  colActions: 'Actions',
  allAccounts: 'Every account',
  never: 'Never',
  none: '—',
  fromConfig: 'from the config file',
  testButton: 'Test',
  removeButton: 'Remove',
  removed: (name: string, unrouted: number) =>
    unrouted > 0
      ? `Connection “${name}” removed. Its ${unrouted} queued exchange(s) wait, unrouted, for a connection that serves their account.`
      : `Connection “${name}” removed.`,
  editButton: 'Edit',
  needsAccounts: 'Lists no accounts: edit it to name the accounts it serves',
  secretUnreadable:
    'Its saved secrets do not open with this relay’s master key. Start the relay with the key that sealed them (RELAY_MASTER_KEYS_OLD), or remove it and connect it again: its queued exchanges wait, unrouted, for the new connection.',
  catchAll: 'Every account no other connection serves (single tenant)',
  unroutedWaiting: (n: number) => `${n} exchange(s) wait for a connection that serves their account.`,
  stateNames: {
    ok: 'OK',
    auth_failed: 'Sign-in failed',
    package_missing: 'Package missing',
    throttled: 'Throttled',
    unreachable: 'Unreachable',
    needs_accounts: 'Serves no account',
    secret_unreadable: 'Secrets unreadable',
    encryption_failed: 'Event encryption failing',
    stopped: 'Stopped'
  } as Record<string, string>,

  connectTitle: 'Connect to Salesforce',
  connectIntro:
    'Create a connected app (or external client app) in your org, copy the callback URL below into it, then paste its consumer key and secret here.',
  fieldName: 'Connection name',
  fieldNameHelp: 'For example “Acme production”.',
  fieldInstanceUrl: 'My Domain URL',
  fieldInstanceUrlHelp: 'https://your-domain.my.salesforce.com',
  fieldFlow: 'Authentication',
  flowNames: {
    client_credentials: 'Client credentials',
    jwt: 'JWT bearer (certificate)',
    web_server: 'Web-server flow (refresh token)'
  } as Record<string, string>,
  fieldClientId: 'Consumer key',
  fieldClientSecret: 'Consumer secret',
  fieldPrivateKey: 'Private key of the certificate (PEM)',
  fieldUsername: 'Integration user’s username',
  secretKept: 'Leave blank to keep the saved one. Secrets are never shown again.',
  fieldCallbackUrl: 'Callback URL',
  fieldCallbackUrlHelp: 'Paste it into the Callback URL of the app in Salesforce.',
  copyButton: 'Copy',
  copied: 'Copied',
  fieldAccounts: 'Card-platform accounts',
  fieldAccountsHelp: 'Account ids, comma-separated or one per line: at least one. Each account goes to one org.',
  fieldLoginUrl: 'Login URL (the JWT audience)',
  fieldLoginUrlHelp:
    'Blank: https://login.salesforce.com. For a sandbox: https://test.salesforce.com, or the sandbox’s My Domain URL.',
  connectButton: 'Connect',
  formInvalid: 'The connection was not saved. Correct the fields marked below.',
  required: 'Fill this in.',
  invalidUrl: 'Enter an https URL such as https://acme.my.salesforce.com.',
  invalidPem: 'Paste the whole PEM private key, including the BEGIN and END lines.',
  invalidName: 'Use letters or digits (at most 120 characters).',
  accountsRequired: 'List the card-platform account ids this org serves (at least one).',
  notSalesforceHost:
    'Enter a Salesforce URL: https://your-domain.my.salesforce.com (sandboxes …sandbox.my.salesforce.com), https://login.salesforce.com or https://test.salesforce.com, with nothing after it.',
  secretRequiredAgain:
    'Type it again: the URL, consumer key, flow or user changed, and the saved secret is never sent to a new destination.',
  alreadyExists: (name: string) =>
    `A connection named “${name}” already exists. Nothing was changed. To change it, edit it from the Connections page.`,
  accountTaken: (accountId: string, name: string) =>
    `Account ${accountId} is already served by the connection “${name}”. Each account goes to one org; nothing was saved.`,
  configuredConnection: (name: string) => `“${name}” comes from the relay's configuration file: change it there.`,
  editTitle: (name: string) => `Edit “${name}”`,
  editIntro:
    'Change what this connection uses. Secrets left blank stay as saved only while the URL, consumer key, flow and user stay the same.',
  reviewButton: 'Review changes',
  confirmTitle: (name: string) => `Change “${name}”?`,
  confirmIntro: 'These changes apply at once to every exchange this connection publishes from now on:',
  confirmButton: 'Confirm changes',
  cancelButton: 'Cancel',
  confirmExpired: 'That change expired or was already applied. Edit the connection again.',
  changeNames: {
    name: 'Name',
    instanceUrl: 'My Domain URL',
    apiVersion: 'API version',
    namespace: 'Namespace',
    accountIds: 'Accounts served',
    'auth.flow': 'Authentication flow',
    'auth.clientId': 'Consumer key',
    'auth.username': 'Integration user',
    'auth.loginUrl': 'Login URL',
    'auth.clientSecret': 'Consumer secret (replaced)',
    'auth.privateKey': 'Private key (replaced)',
    'auth.refreshToken': 'Authorization (Salesforce will ask again)'
  } as Record<string, string>,
  accountsDropped:
    'Exchanges queued for accounts it no longer serves go back to waiting until a connection serves them.',
  nothingChanged: 'Nothing changed.',
  updated: (name: string) => `“${name}” was changed.`,
  connected: (name: string) => `Connected to “${name}”. Events can be published to this org.`,
  failedAt: (name: string, step: string) => `“${name}” is saved, but the check failed at: ${step}.`,
  whatToDo: 'What to do:',
  stepNames: {
    token: 'sign-in (OAuth token)',
    describe: 'the Card Exchange event object',
    permission: 'the permission to publish',
    done: 'done'
  } as Record<string, string>,
  /** Null: use the relay's own sentence (already English). */
  testOutcomes: null as Record<string, { message: string; hint: string }> | null,

  oauthRedirecting: 'Salesforce will ask you to allow access, then bring you back here.',
  oauthExpired: 'That Salesforce sign-in expired or was already used. Click Connect again.',
  oauthDenied: (reason: string) => `Salesforce did not authorize the relay: ${reason}`,
  oauthFinishing: 'Finishing the connection…',
  oauthNeedsRefreshScope:
    'In the app, add the OAuth scopes “Perform requests at any time (refresh_token, offline_access)” and “Manage user data via APIs (api)”.',
  continueButton: 'Continue',

  exchangesTitle: 'Exchanges',
  lookupTitle: 'Look up an exchange',
  fieldExchangeId: 'Exchange id',
  findButton: 'Find',
  exchangeNotFound: (id: string) => `No exchange with id “${id}” was received.`,
  colWebhookId: 'Webhook id',
  colAttempts: 'Attempts',
  colEventUuid: 'Salesforce event UUID',
  colReceived: 'Received',
  colConnection: 'Connection',
  colReason: 'Reason',
  colSelect: 'Select',
  exchangeStates: {
    queued: 'Queued',
    published: 'Published',
    confirmed: 'Confirmed by the org',
    unconfirmed: 'Unconfirmed',
    dead: 'Dead letter',
    unrouted: 'Waiting for a connection'
  } as Record<string, string>,
  deadLettersTitle: 'Dead letters',
  deadLettersEmpty: 'No dead letters: every exchange was published or is on its way.',
  deadLettersRange: (first: number, last: number, total: number) =>
    `Showing ${first.toLocaleString('en')}-${last.toLocaleString('en')} of ${total.toLocaleString('en')}, newest first.`,
  deadLettersPages: 'Pages of dead letters',
  newerPage: 'Newer',
  olderPage: 'Older',
  replayButton: 'Replay selected',
  replayNothingSelected: 'Select at least one dead letter to replay.',
  replayStarted: (n: number) => `${n} dead letter(s) queued again.`,
  replayProgressTitle: 'Replay progress',
  replayProgress: (published: number, total: number) => `${published} of ${total} published`,
  replayStillDead: (n: number) => `${n} failed again; see the reason below.`,
  replayDone: 'Replay finished.',
  selectRow: (id: string) => `Select ${id}`,
  colInOrg: 'In the org',
  colResends: 'Re-sent',
  receiptAwaited: 'Waiting for the org’s receipt',
  receiptNoIntegration: 'Received; no integration took it',
  receiptHeld: (status: string, code: string | null) => `Held in the org (${status}${code ? `: ${code}` : ''})`,
  unconfirmedTitle: 'Unconfirmed exchanges',
  unconfirmedHelp:
    'Salesforce accepted these, but the org has no record of them, even after they were sent again. Check the Cardbridge subscriber in the org (the setup assistant shows its state), then replay them.',
  unconfirmedEmpty: 'No unconfirmed exchanges: the org recorded every exchange it was sent, or soon will.',
  unconfirmedCount: (shown: number, total: number) =>
    shown < total ? `The ${shown} oldest of ${total}.` : `${total} exchange(s).`,
  replayUnconfirmedButton: 'Send selected again',
  unconfirmedReplayStarted: (n: number) => `${n} unconfirmed exchange(s) queued to be sent again.`,
  unconfirmedNothingSelected: 'Select at least one unconfirmed exchange to send again.',
  testExchangeTitle: 'Send a test exchange',
  testExchangeIntro:
    'Sends John Doe through the whole path, as a card platform would, and waits for the org to say what became of him.',
  fieldConnection: 'Org connection',
  sendTestButton: 'Send a test exchange',
  testNoConnection: 'Choose an org connection saved in this console.',
  testCreated: (status: string, object: string, id: string, org: string) =>
    `John Doe was ${status === 'Updated' ? 'updated' : 'created'} as a ${object} (${id}) in ${org}`,
  openInSalesforce: 'Open it in Salesforce',
  testFailed: (org: string) => `${org} received John Doe, but its integration failed`,
  testFailedHint:
    'Fix what the org says (often a permission the subscriber’s run-as user lacks: the setup assistant checks them), then retry it from the exchange log in Salesforce.',
  testHeld: (org: string) => `${org} holds John Doe without processing him`,
  testHeldHint:
    'Open the Card Exchange setup assistant in the org: it says why exchanges wait (usually no run-as user for the subscriber) and processes them once that is fixed.',
  testNotDelivered: (org: string) => `John Doe did not reach ${org}`,
  testNoRecord: (org: string) => `${org} received John Doe and created no record`,
  testNoIntegration: 'No active integration took him: check the integrations and their card filters in the org.',
  testNoReceiptYet: (org: string, seconds: number) => `No word from ${org} after ${seconds} s`,
  testNoReceiptHint:
    'The exchange is stored and keeps going; the exchanges page shows where it is. If the org never records it, the relay sends it again, then lists it as unconfirmed.',
  testStepStored: 'Stored by the relay',
  testStepPublished: 'Accepted by Salesforce',
  testStepConfirmed: (org: string) => `Recorded by the Cardbridge package in ${org}`,
  testExchangeIdIs: (id: string) => `Exchange id: ${id}`,
  testSeeDetails: 'See its details'
};

export type Messages = typeof en;
