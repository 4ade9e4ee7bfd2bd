/**
 * The setup assistant: walks an admin through the steps that connect the relay to this org, checks the
 * steps the org can tell about (permission sets, what the integration users may do on standard objects,
 * the event subscriber) and sends a test exchange whose outcome it polls for.
 */
import { LightningElement, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getSetupState from '@salesforce/apex/CardSetupAssistantController.getSetupState';
import sendTestExchange from '@salesforce/apex/CardSetupAssistantController.sendTestExchange';
import getTestExchangeOutcome from '@salesforce/apex/CardSetupAssistantController.getTestExchangeOutcome';
import { reduceErrors } from 'c/cardErrors';
import LABELS from './labels';

const STEPS = ['app', 'permissions', 'subscriber', 'test'];
// The subscriber usually processes a test event within seconds; give up after about half a minute.
export const POLL_INTERVAL_MS = 3000;
export const POLL_ATTEMPTS = 10;
const HEALTHY_STATUSES = ['Running', 'Idle'];
const STATUS_ADVICE = {
  Running: LABELS.subscriberRunning,
  Idle: LABELS.subscriberIdle,
  Suspended: LABELS.subscriberSuspended,
  Error: LABELS.subscriberError,
  Expired: LABELS.subscriberExpired
};

const RIGHT_LABELS = {
  Read: LABELS.accessRead,
  Create: LABELS.accessCreate,
  Edit: LABELS.accessEdit
};
// Tasks carry no object permissions: the assistant says where their rights come from.
const TASK_OBJECT = 'Task';

function format(template, ...values) {
  return values.reduce((text, value, index) => text.split(`{${index}}`).join(value), template);
}

/** "Create on Lead, Edit on Contact": the rights a user lacks, in the admin's words. */
function describeMissing(missing) {
  return missing
    .map((right) =>
      format(LABELS.accessRight, RIGHT_LABELS[right.right] || right.right, right.objectLabel || right.objectName)
    )
    .join(', ');
}

function userAccessLine(user) {
  const missing = user.missing || [];
  const ok = missing.length === 0;
  return {
    userId: user.userId,
    ok,
    icon: ok ? 'utility:success' : 'utility:warning',
    iconVariant: ok ? 'success' : 'warning',
    statusText: ok ? LABELS.done : LABELS.todo,
    summary: ok
      ? format(LABELS.accessOk, user.name)
      : format(LABELS.accessMissing, user.name, describeMissing(missing)),
    fix: ok ? undefined : format(LABELS.accessFix, user.name),
    taskHint: missing.some((right) => right.objectName === TASK_OBJECT)
  };
}

export default class CardSetupAssistant extends LightningElement {
  labels = LABELS;
  currentStep = 'app';
  state;
  loadError;
  wiredState;
  sending = false;
  sentExchangeId;
  outcomes = [];
  polling = false;
  pollsLeft = 0;
  pollTimer;

  @wire(getSetupState)
  wiredSetupState(result) {
    this.wiredState = result;
    if (result.data) {
      this.state = result.data;
      this.loadError = undefined;
    } else if (result.error) {
      this.loadError = result.error;
    }
  }

  disconnectedCallback() {
    clearTimeout(this.pollTimer);
  }

  get steps() {
    return [
      { value: 'app', label: LABELS.stepApp },
      { value: 'permissions', label: LABELS.stepPermissions },
      { value: 'subscriber', label: LABELS.stepSubscriber },
      { value: 'test', label: LABELS.stepTest }
    ];
  }

  get isAppStep() {
    return this.currentStep === 'app';
  }
  get isPermissionsStep() {
    return this.currentStep === 'permissions';
  }
  get isSubscriberStep() {
    return this.currentStep === 'subscriber';
  }
  get isTestStep() {
    return this.currentStep === 'test';
  }
  get isFirstStep() {
    return this.currentStep === STEPS[0];
  }
  get isLastStep() {
    return this.currentStep === STEPS[STEPS.length - 1];
  }

  get permissionSets() {
    return ((this.state && this.state.permissionSets) || []).map((permissionSet) => {
      const ok = permissionSet.installed && permissionSet.assignedCount > 0;
      let detail = LABELS.permissionUnassigned;
      if (!permissionSet.installed) {
        detail = LABELS.permissionNotInstalled;
      } else if (permissionSet.assignedCount > 0) {
        detail = format(LABELS.permissionAssigned, permissionSet.assignedCount);
      }
      return {
        ...permissionSet,
        detail,
        icon: ok ? 'utility:success' : 'utility:warning',
        iconVariant: ok ? 'success' : 'warning',
        statusText: ok ? LABELS.done : LABELS.todo
      };
    });
  }

  get permissionsDone() {
    const sets = this.permissionSets;
    const setsDone = sets.length > 0 && sets.every((permissionSet) => permissionSet.statusText === LABELS.done);
    return setsDone && this.accessUsers.every((user) => user.ok);
  }

  /** What the users holding Card Exchange Integration lack on standard objects; absent from older states. */
  get integrationAccess() {
    return this.state && this.state.integrationAccess;
  }

  get accessUnavailable() {
    return Boolean(this.integrationAccess) && this.integrationAccess.available === false;
  }

  get accessUnavailableText() {
    return format(LABELS.accessUnavailable, (this.integrationAccess && this.integrationAccess.unavailableReason) || '');
  }

  get accessUsers() {
    if (!this.integrationAccess || this.accessUnavailable) {
      return [];
    }
    return (this.integrationAccess.users || []).map(userAccessLine);
  }

  get accessNoUser() {
    return this.accessUsers.length === 0;
  }

  get accessMoreUsers() {
    const access = this.integrationAccess;
    return access && access.moreUsers ? format(LABELS.accessMoreUsers, access.maxUsers) : '';
  }

  get subscriber() {
    return this.state && this.state.subscriber;
  }

  get subscriberHealthy() {
    return Boolean(this.subscriber && HEALTHY_STATUSES.includes(this.subscriber.status));
  }

  get subscriberAdvice() {
    if (!this.subscriber) {
      return LABELS.subscriberNone;
    }
    return STATUS_ADVICE[this.subscriber.status] || this.subscriber.status;
  }

  get subscriberAlertClass() {
    const tone = this.subscriberHealthy ? 'slds-theme_success' : 'slds-theme_warning';
    return `slds-box slds-box_small slds-m-top_small ${tone}`;
  }

  get stepStatusText() {
    if (this.isPermissionsStep) {
      return this.permissionsDone ? LABELS.done : LABELS.todo;
    }
    if (this.isSubscriberStep) {
      return this.subscriberHealthy ? LABELS.done : LABELS.todo;
    }
    if (this.isTestStep) {
      return this.outcomes.length > 0 ? LABELS.done : LABELS.todo;
    }
    return LABELS.manual;
  }

  get noActiveIntegration() {
    return Boolean(this.state) && this.state.activeIntegrationCount === 0;
  }

  get outcomeColumns() {
    return [
      { label: LABELS.columnIntegration, fieldName: 'integrationName' },
      { label: LABELS.columnStatus, fieldName: 'status' },
      {
        label: LABELS.columnRecord,
        fieldName: 'recordUrl',
        type: 'url',
        typeAttributes: { label: { fieldName: 'recordId' }, target: '_blank' }
      },
      { label: LABELS.columnError, fieldName: 'errorMessage', wrapText: true }
    ];
  }

  get hasOutcomes() {
    return this.outcomes.length > 0;
  }

  get sentMessage() {
    return format(LABELS.testSent, this.sentExchangeId);
  }

  get showNoOutcome() {
    return Boolean(this.sentExchangeId) && !this.polling && !this.hasOutcomes;
  }

  get sendDisabled() {
    return this.sending || this.polling;
  }

  handleStepSelect(event) {
    this.currentStep = event.target.value;
  }

  handlePrevious() {
    this.currentStep = STEPS[Math.max(0, STEPS.indexOf(this.currentStep) - 1)];
  }

  handleNext() {
    this.currentStep = STEPS[Math.min(STEPS.length - 1, STEPS.indexOf(this.currentStep) + 1)];
  }

  handleRefresh() {
    return refreshApex(this.wiredState);
  }

  async handleSendTest() {
    clearTimeout(this.pollTimer);
    this.sending = true;
    this.outcomes = [];
    this.sentExchangeId = undefined;
    try {
      const sent = await sendTestExchange();
      this.sentExchangeId = sent.exchangeId;
      this.polling = true;
      this.pollsLeft = POLL_ATTEMPTS;
      this.schedulePoll();
    } catch (error) {
      this.toast(LABELS.sendError, reduceErrors(error).join(' '), 'error');
    } finally {
      this.sending = false;
    }
  }

  schedulePoll() {
    // Polling is the only way to see the asynchronous subscriber's result; the timer is cleared on disconnect.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.pollTimer = setTimeout(() => this.poll(), POLL_INTERVAL_MS);
  }

  async poll() {
    this.pollsLeft -= 1;
    try {
      const outcomes = await getTestExchangeOutcome({ exchangeId: this.sentExchangeId });
      if (outcomes && outcomes.length > 0) {
        this.outcomes = outcomes;
        this.polling = false;
        return;
      }
    } catch (error) {
      this.polling = false;
      this.toast(LABELS.sendError, reduceErrors(error).join(' '), 'error');
      return;
    }
    if (this.pollsLeft > 0) {
      this.schedulePoll();
    } else {
      this.polling = false;
    }
  }

  toast(title, message, variant) {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}
