import { checkSalesforceUrl, mayCall } from '../../webhook-relay/src/salesforce/salesforce-hosts';

describe('Salesforce hosts (where run-time connections may send credentials)', () => {
  it.each([
    ['https://acme.my.salesforce.com', 'production and Developer Edition My Domain'],
    ['https://acme--uat.sandbox.my.salesforce.com', 'sandbox My Domain'],
    ['https://acme-dev-ed.develop.my.salesforce.com', 'partitioned Developer Edition'],
    ['https://wise-fox-42.scratch.my.salesforce.com', 'scratch org'],
    ['https://login.salesforce.com', 'production login'],
    ['https://test.salesforce.com/', 'sandbox login'],
    ['https://agency.my.salesforce.mil', 'Government Cloud Plus My Domain'],
    ['https://ACME.My.Salesforce.com', 'any letter case']
  ])('accepts %s (%s)', (url) => {
    expect(checkSalesforceUrl(url)).toEqual({ ok: true, origin: new URL(url).origin });
  });

  it.each([
    ['http://acme.my.salesforce.com', 'not https'],
    ['https://acme.my.salesforce.com.evil.example', 'a lookalike suffix'],
    ['https://evilmy.salesforce.com', 'not a My Domain'],
    ['https://my.salesforce.com', 'the bare suffix'],
    ['https://acme.my.salesforce.com.', 'a trailing dot'],
    ['https://acme.my.salesforce.com:8443', 'a port'],
    ['https://user:pw@acme.my.salesforce.com', 'credentials'],
    ['https://acme.my.salesforce.com/services/oauth2/token', 'a path'],
    ['https://acme.my.salesforce.com?next=http://127.0.0.1', 'a query'],
    ['https://127.0.0.1', 'an IP address'],
    ['https://localhost', 'localhost'],
    ['https://acme.lightning.force.com', 'a Lightning (not login) host'],
    ['not a url', 'not a URL']
  ])('refuses %s (%s)', (url) => {
    expect(checkSalesforceUrl(url).ok).toBe(false);
  });

  it("allows an operator's extra origin exactly, and nothing beside it", () => {
    expect(checkSalesforceUrl('http://127.0.0.1:8790', ['http://127.0.0.1:8790'])).toEqual({
      ok: true,
      origin: 'http://127.0.0.1:8790'
    });
    expect(checkSalesforceUrl('http://127.0.0.1:8791', ['http://127.0.0.1:8790']).ok).toBe(false);
    expect(mayCall('http://127.0.0.1:8790/services/data/v65.0/limits', ['http://127.0.0.1:8790'])).toBe(true);
    expect(mayCall('http://127.0.0.1:8791/services/data', ['http://127.0.0.1:8790'])).toBe(false);
    expect(mayCall('https://acme.my.salesforce.com/services/data/v65.0/limits', [])).toBe(true);
  });
});
