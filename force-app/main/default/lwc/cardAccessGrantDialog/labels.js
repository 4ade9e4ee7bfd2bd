// What the access grant confirmation says (custom labels, translated in fr.translation-meta.xml).
import title from '@salesforce/label/c.CardSetupGrantTitle';
import intro from '@salesforce/label/c.CardSetupGrantIntro';
import objects from '@salesforce/label/c.CardSetupGrantObjects';
import objectLine from '@salesforce/label/c.CardSetupGrantObjectLine';
import fields from '@salesforce/label/c.CardSetupGrantFields';
import userPermission from '@salesforce/label/c.CardSetupGrantUserPermission';
import editTasks from '@salesforce/label/c.CardSetupGrantEditTasks';
import confirm from '@salesforce/label/c.CardSetupGrantConfirm';
import cancel from '@salesforce/label/c.CardSetupGrantCancel';
import read from '@salesforce/label/c.CardSetupAccessRead';
import create from '@salesforce/label/c.CardSetupAccessCreate';
import edit from '@salesforce/label/c.CardSetupAccessEdit';
import remove from '@salesforce/label/c.CardSetupAccessDelete';
import viewAll from '@salesforce/label/c.CardSetupAccessViewAll';
import modifyAll from '@salesforce/label/c.CardSetupAccessModifyAll';
import sharingNote from '@salesforce/label/c.CardSetupGrantSharingNote';

export default {
  title,
  intro,
  objects,
  objectLine,
  fields,
  userPermission,
  editTasks,
  confirm,
  cancel,
  read,
  create,
  edit,
  remove,
  viewAll,
  modifyAll,
  sharingNote
};
