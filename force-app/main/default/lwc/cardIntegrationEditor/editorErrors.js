/**
 * The editor's problems as it keeps them ({ rowIndex, field, message }, rowIndex null for the integration's own
 * fields): the one a field shows, clearing it once the field changes, the summary's lines, and the save errors
 * Apex returns mapped onto the editor's fields.
 */
import { SOURCE_CUSTOM } from './mappingRows';

function rowIndexOf(error) {
  return error.rowIndex === null || error.rowIndex === undefined ? null : Number(error.rowIndex);
}

/** @returns {string} the message of the problem on that field (rowIndex undefined: the integration's), or '' */
export function messageFor(errors, rowIndex, field) {
  const index = rowIndex === undefined ? null : Number(rowIndex);
  const match = errors.find((error) => error.field === field && rowIndexOf(error) === index);
  return match ? match.message : '';
}

/** @returns {object[]} the problems without the one on that field */
export function withoutError(errors, rowIndex, field) {
  return errors.filter((error) => !(error.field === field && rowIndexOf(error) === rowIndex));
}

/** @returns {{key: string, text: string}[]} the summary's lines, a row's problems prefixed with the row */
export function summaryLines(errors, rowLabel) {
  return errors.map((error, index) => ({
    key: `${index}`,
    text:
      rowIndexOf(error) === null ? error.message : `${rowLabel.replace('{0}', rowIndexOf(error) + 1)}: ${error.message}`
  }));
}

/**
 * A CardIntegrationEditorController.FieldError as an editor problem. Apex names row sources sourcePath; the editor
 * splits them into a choice and a custom key.
 */
export function fromFieldError(error, rows) {
  let field = error.field;
  if (error.scope === 'row' && field === 'sourcePath') {
    const row = rows[error.rowIndex];
    field = row && row.sourceChoice === SOURCE_CUSTOM ? 'customKey' : 'sourceChoice';
  }
  return { rowIndex: error.scope === 'row' ? error.rowIndex : null, field, message: error.message };
}
