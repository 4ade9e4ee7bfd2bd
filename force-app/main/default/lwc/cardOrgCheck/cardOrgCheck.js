/**
 * "Check against this org", beside the integration editor's mapping preview: tries the integration as edited (its
 * settings and mapping rows, saved or not) on the John Doe sample or a recent received exchange through
 * CardIntegrationEditorController.checkAgainstOrg, which does everything the subscriber would and rolls it all
 * back, and shows what the org would do: a headline, the findings by severity, whose access was checked. Only users
 * with the Manage Cardbridge setup permission may run it (the controller refuses the others); for them it is
 * disabled and says why.
 */
import { LightningElement, api } from 'lwc';
import checkAgainstOrg from '@salesforce/apex/CardIntegrationEditorController.checkAgainstOrg';
import getCheckSamples from '@salesforce/apex/CardIntegrationEditorController.getCheckSamples';
import { reduceErrors } from 'c/cardErrors';
import { assignedOwnerLine, findingGroups, headline, runAsLine, succeeds, unexplainedError } from './checkResult';
import LABELS from './labels';

/** The "Try with" choice that stands for the John Doe sample (checkAgainstOrg's receivedExchangeId null). */
export const SAMPLE = 'sample';

export default class CardOrgCheck extends LightningElement {
  /** The integration as edited (CardIntegrationEditorController.IntegrationInput). */
  @api integration;
  /** Its mapping rows as edited (MappingRowInput[]); none means the use case's default rows. */
  @api rows = [];
  /** Whether the user holds the Manage Cardbridge setup custom permission, which the check needs. */
  @api canManage = false;

  labels = LABELS;
  samples = [];
  samplesError;
  choice = SAMPLE;
  checking = false;
  result;
  error;
  // What was checked (integration, rows, exchange), to tell when the result no longer matches the edits.
  checkedInput;

  connectedCallback() {
    this.loadSamples();
  }

  async loadSamples() {
    try {
      this.samples = (await getCheckSamples()) || [];
      this.samplesError = undefined;
    } catch (error) {
      this.samples = [];
      this.samplesError = error;
    }
  }

  get sampleOptions() {
    return [{ label: LABELS.sampleOption, value: SAMPLE }, ...this.samples];
  }

  /** Recent exchanges are optional: when they cannot be read, say so and keep the sample. */
  get samplesProblem() {
    return this.samplesError ? [LABELS.samplesError, ...reduceErrors(this.samplesError)].join(' ') : '';
  }

  get checkDisabled() {
    return this.checking || !this.integration || !this.canManage;
  }

  get needsPermission() {
    return !this.canManage;
  }

  get resultHeadline() {
    return headline(this.result);
  }

  get resultClass() {
    return `slds-box slds-box_small ${succeeds(this.result) ? 'slds-theme_default' : 'slds-theme_shade'}`;
  }

  get assignedOwner() {
    return assignedOwnerLine(this.result);
  }

  get resultError() {
    return unexplainedError(this.result);
  }

  get groups() {
    return findingGroups(this.result);
  }

  get hasFindings() {
    return this.groups.length > 0;
  }

  get runAs() {
    return runAsLine(this.result);
  }

  get isStale() {
    return Boolean(this.result) && this.inputKey() !== this.checkedInput;
  }

  inputKey() {
    return JSON.stringify({ integration: this.integration, rows: this.rows, choice: this.choice });
  }

  handleChoice(event) {
    this.choice = event.detail.value || SAMPLE;
  }

  async handleCheck() {
    const input = this.inputKey();
    this.checking = true;
    this.error = undefined;
    try {
      this.result = await checkAgainstOrg({
        integration: this.integration,
        rows: this.rows || [],
        receivedExchangeId: this.choice === SAMPLE ? null : this.choice
      });
      this.checkedInput = input;
    } catch (error) {
      this.result = undefined;
      this.error = error;
    } finally {
      this.checking = false;
    }
  }
}
