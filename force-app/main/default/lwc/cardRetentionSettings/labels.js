// What the data retention settings say (custom labels, translated in fr.translation-meta.xml).
import intro from '@salesforce/label/c.CardSetupRetentionIntro';
import days from '@salesforce/label/c.CardSetupRetentionDays';
import daysInvalid from '@salesforce/label/c.CardErrorRetentionDays';
import cleanUp from '@salesforce/label/c.CardSetupRetentionCleanUp';
import cleanUpHelp from '@salesforce/label/c.CardSetupRetentionCleanUpHelp';
import on from '@salesforce/label/c.CardSetupRetentionOn';
import off from '@salesforce/label/c.CardSetupRetentionOff';
import nextRun from '@salesforce/label/c.CardSetupRetentionNextRun';
import notScheduled from '@salesforce/label/c.CardSetupRetentionNotScheduled';
import save from '@salesforce/label/c.CardSetupRetentionSave';
import saved from '@salesforce/label/c.CardSetupRetentionSaved';
import saveFailed from '@salesforce/label/c.CardSetupRetentionSaveFailed';
import readOnly from '@salesforce/label/c.CardSetupRetentionReadOnly';
import lastRun from '@salesforce/label/c.CardSetupRetentionLastRun';
import lastRunFailures from '@salesforce/label/c.CardSetupRetentionLastRunFailures';

export default {
  intro,
  days,
  daysInvalid,
  cleanUp,
  cleanUpHelp,
  on,
  off,
  nextRun,
  notScheduled,
  save,
  saved,
  saveFailed,
  readOnly,
  lastRun,
  lastRunFailures
};
