/**
 * The setup assistant: walks an admin through the steps that connect the relay to this org, checks the
 * steps the org can tell about (permission sets, what the integration users may do on standard objects and
 * granting what they lack, the event subscriber and its run-as user, data retention) and sends a test exchange
 * whose outcome it polls for. Above the steps: the latest exchange from the relay and the exchanges that wait.
 */
import { LightningElement, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getSetupState from '@salesforce/apex/CardSetupAssistantController.getSetupState';
import sendTestExchange from '@salesforce/apex/CardSetupAssistantController.sendTestExchange';
import getTestExchangeOutcome from '@salesforce/apex/CardSetupAssistantController.getTestExchangeOutcome';
import planStandardAccess from '@salesforce/apex/CardSetupAssistantController.planStandardAccess';
import grantStandardAccess from '@salesforce/apex/CardSetupAssistantController.grantStandardAccess';
import CURRENT_USER_ID from '@salesforce/user/Id';
import { reduceErrors } from 'c/cardErrors';
import { statusLabel } from 'c/cardExchangeStatus';
import { formatLabel } from 'c/cardFormat';
import { userAccessLine } from './accessLines';
import { describeSubscriberStep } from './subscriberStep';
import LABELS from './labels';

const STEPS = ['app', 'permissions', 'subscriber', 'retention', 'test'];
// The subscriber usually processes a test event within seconds; give up after about half a minute.
export const POLL_INTERVAL_MS = 3000;
export const POLL_ATTEMPTS = 10;

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
  // The access grant: the user whose plan is being read, the plan being confirmed, and what Salesforce refused.
  planningUserId;
  grantPlan;
  grantUserName;
  granting = false;
  refusedByUser = {};

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
      { value: 'retention', label: LABELS.stepRetention },
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
  get isRetentionStep() {
    return this.currentStep === 'retention';
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

  get canManage() {
    return Boolean(this.state && this.state.canManage);
  }

  get permissionSets() {
    return ((this.state && this.state.permissionSets) || []).map((permissionSet) => {
      const ok = permissionSet.installed && permissionSet.assignedCount > 0;
      let detail = LABELS.permissionUnassigned;
      if (!permissionSet.installed) {
        detail = LABELS.permissionNotInstalled;
      } else if (permissionSet.assignedCount > 0) {
        detail = formatLabel(LABELS.permissionAssigned, permissionSet.assignedCount);
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
    return formatLabel(
      LABELS.accessUnavailable,
      (this.integrationAccess && this.integrationAccess.unavailableReason) || ''
    );
  }

  get accessUsers() {
    if (!this.integrationAccess || this.accessUnavailable) {
      return [];
    }
    return (this.integrationAccess.users || []).map((user) =>
      userAccessLine(user, {
        canManage: this.canManage,
        currentUserId: CURRENT_USER_ID,
        planningUserId: this.planningUserId,
        refusedFields: this.refusedByUser[user.userId]
      })
    );
  }

  get accessNoUser() {
    return this.accessUsers.length === 0;
  }

  get accessMoreUsers() {
    const access = this.integrationAccess;
    return access && access.moreUsers ? formatLabel(LABELS.accessMoreUsers, access.maxUsers) : '';
  }

  get subscriberStep() {
    return describeSubscriberStep(this.state);
  }

  get retention() {
    return this.state && this.state.retention;
  }

  get stepStatusText() {
    if (this.isPermissionsStep) {
      return this.permissionsDone ? LABELS.done : LABELS.todo;
    }
    if (this.isSubscriberStep) {
      return this.subscriberStep.done ? LABELS.done : LABELS.todo;
    }
    if (this.isRetentionStep) {
      // Without the nightly clean-up, people's contact data piles up in the org.
      return this.retention && this.retention.cleanUpScheduled ? LABELS.done : LABELS.todo;
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
      { label: LABELS.columnStatus, fieldName: 'statusLabel' },
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
    return formatLabel(LABELS.testSent, this.sentExchangeId);
  }

  get showNoOutcome() {
    return Boolean(this.sentExchangeId) && !this.polling && !this.hasOutcomes;
  }

  get sendDisabled() {
    return this.sending || this.polling || !this.canManage;
  }

  /** The test exchange runs as the admin who sends it: the controller asks for the setup permission. */
  get testNeedsManage() {
    return Boolean(this.state) && !this.canManage;
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

  async handleGrantAccess(event) {
    const userId = event.target.dataset.userId;
    const user = this.accessUsers.find((line) => line.userId === userId);
    this.planningUserId = userId;
    try {
      const plan = await planStandardAccess({ userId });
      if (plan.nothingMissing) {
        this.toast(formatLabel(LABELS.grantNothing, user.name), '', 'info');
        await refreshApex(this.wiredState);
        return;
      }
      this.grantUserName = user.name;
      this.grantPlan = plan;
    } catch (error) {
      this.toast(LABELS.grantPlanFailed, reduceErrors(error).join(' '), 'error');
    } finally {
      this.planningUserId = undefined;
    }
  }

  handleGrantCancel() {
    this.closeGrantDialog();
  }

  async handleGrantConfirm() {
    // Exactly what the admin confirmed: the controller grants nothing beyond it.
    const { userId, objectRights, fields, editTasks } = this.grantPlan;
    const userName = this.grantUserName;
    this.granting = true;
    try {
      const granted = await grantStandardAccess({ userId, objectRights, fields, editTasks });
      const refused = granted.refusedFields || [];
      this.refusedByUser = { ...this.refusedByUser, [userId]: refused };
      this.toast(formatLabel(LABELS.grantDone, userName, granted.permissionSetName), '', 'success');
      if (refused.length > 0) {
        // Sticky: the admin has these fields to grant by hand and needs the time to read them.
        this.toast(formatLabel(LABELS.grantRefused, userName), refused.join('; '), 'warning', 'sticky');
      }
      this.closeGrantDialog();
      await refreshApex(this.wiredState);
    } catch (error) {
      this.toast(LABELS.grantFailed, reduceErrors(error).join(' '), 'error');
      this.closeGrantDialog();
    }
  }

  closeGrantDialog() {
    const userId = this.grantPlan && this.grantPlan.userId;
    this.grantPlan = undefined;
    this.granting = false;
    // Back to the button that opened it, as a modal should; it is gone once the user lacks nothing.
    Promise.resolve().then(() => {
      const button = this.template.querySelector(`[data-id="grant-access"][data-user-id="${userId}"]`);
      if (button) {
        button.focus();
      }
    });
  }

  handleStateChanged() {
    // Processing the waiting exchanges may have processed a test exchange that waited: look for its outcome again.
    if (this.sentExchangeId && !this.hasOutcomes && !this.polling) {
      this.startPolling();
    }
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
      this.startPolling();
      // A test exchange held by a setup problem shows among the waiting ones.
      refreshApex(this.wiredState);
    } catch (error) {
      this.toast(LABELS.sendError, reduceErrors(error).join(' '), 'error');
    } finally {
      this.sending = false;
    }
  }

  startPolling() {
    this.polling = true;
    this.pollsLeft = POLL_ATTEMPTS;
    this.schedulePoll();
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
        // A held exchange's outcome is "Waiting for review": each status in the admin's language.
        this.outcomes = outcomes.map((outcome) => ({ ...outcome, statusLabel: statusLabel(outcome.status) }));
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

  toast(title, message, variant, mode) {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant, mode }));
  }
}
