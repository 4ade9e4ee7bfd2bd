// Pure functions over the mapping editor's rows: converting to and from the Apex DTO, what each row shows, and
// inline validation.
export const CUSTOM_FIELDS_PREFIX = 'customFields.';
export const SOURCE_CUSTOM = '__custom';
export const SOURCE_CONSTANT = '__constant';

let nextKey = 0;
function newKey() {
  nextKey += 1;
  return `row-${nextKey}`;
}

/** A blank row as the "add row" button creates it. */
export function blankRow() {
  return {
    key: newKey(),
    id: null,
    sourceChoice: '',
    customKey: '',
    constant: '',
    targetField: '',
    defaultValue: '',
    transform: 'None'
  };
}

/** An Apex MappingRowInput as an editable row. */
export function fromDto(dto) {
  const row = { ...blankRow(), id: dto.id || null, targetField: dto.targetField || '' };
  row.defaultValue = dto.defaultValue || '';
  row.transform = dto.transform || 'None';
  const path = dto.sourcePath || '';
  if (!path && dto.constant) {
    row.sourceChoice = SOURCE_CONSTANT;
    row.constant = dto.constant;
  } else if (path.startsWith(CUSTOM_FIELDS_PREFIX)) {
    row.sourceChoice = SOURCE_CUSTOM;
    row.customKey = path.substring(CUSTOM_FIELDS_PREFIX.length);
  } else {
    row.sourceChoice = path;
  }
  return row;
}

/** An editable row as the Apex MappingRowInput it stands for. */
export function toDto(row) {
  let sourcePath = null;
  let constant = null;
  if (row.sourceChoice === SOURCE_CONSTANT) {
    constant = row.constant || null;
  } else if (row.sourceChoice === SOURCE_CUSTOM) {
    sourcePath = row.customKey ? CUSTOM_FIELDS_PREFIX + row.customKey.trim() : null;
  } else {
    sourcePath = row.sourceChoice || null;
  }
  return {
    id: row.id || null,
    sourcePath,
    constant,
    targetField: row.targetField || null,
    defaultValue: row.defaultValue || null,
    transform: row.transform || 'None'
  };
}

/**
 * The rows as the editor shows them: their title, which source inputs they need, and the target field's type and
 * length from describe.
 * @param {object[]} rows editable rows
 * @param {object[]} targetFields the TargetField list of the use case
 * @param {object} labels rowLabel, targetDetail and removeRow
 */
export function rowViews(rows, targetFields, labels) {
  const byName = new Map((targetFields || []).map((field) => [field.apiName.toLowerCase(), field]));
  return rows.map((row, index) => {
    const target = byName.get((row.targetField || '').toLowerCase());
    return {
      ...row,
      index,
      title: labels.rowLabel.replace('{0}', index + 1),
      isCustom: row.sourceChoice === SOURCE_CUSTOM,
      isConstant: row.sourceChoice === SOURCE_CONSTANT,
      targetDetail: target ? labels.targetDetail.replace('{0}', target.type).replace('{1}', target.length || '-') : '',
      removeLabel: `${labels.removeRow} ${index + 1}`
    };
  });
}

/**
 * Inline validation of the rows against the target fields.
 * @param {object[]} rows editable rows
 * @param {object[]} targetFields the TargetField list of the use case
 * @param {object} messages the labels to use: targetRequired, targetDuplicate, sourceRequired, customKeyRequired, tooLong
 * @returns {object[]} errors as { rowIndex, field, message }
 */
export function validateRows(rows, targetFields, messages) {
  const byName = new Map((targetFields || []).map((field) => [field.apiName.toLowerCase(), field]));
  const seen = new Set();
  const errors = [];
  rows.forEach((row, rowIndex) => {
    const target = (row.targetField || '').toLowerCase();
    if (!target) {
      errors.push({ rowIndex, field: 'targetField', message: messages.targetRequired });
    } else if (seen.has(target)) {
      errors.push({ rowIndex, field: 'targetField', message: messages.targetDuplicate });
    }
    seen.add(target);
    if (!row.sourceChoice) {
      errors.push({ rowIndex, field: 'sourceChoice', message: messages.sourceRequired });
    } else if (row.sourceChoice === SOURCE_CUSTOM && !(row.customKey || '').trim()) {
      errors.push({ rowIndex, field: 'customKey', message: messages.customKeyRequired });
    } else if (row.sourceChoice === SOURCE_CONSTANT && !row.constant) {
      errors.push({ rowIndex, field: 'constant', message: messages.sourceRequired });
    }
    const described = byName.get(target);
    const maxLength = described && described.length > 0 ? described.length : 0;
    if (maxLength && row.sourceChoice === SOURCE_CONSTANT && (row.constant || '').length > maxLength) {
      errors.push({ rowIndex, field: 'constant', message: messages.tooLong.replace('{0}', maxLength) });
    }
    if (maxLength && (row.defaultValue || '').length > maxLength) {
      errors.push({ rowIndex, field: 'defaultValue', message: messages.tooLong.replace('{0}', maxLength) });
    }
  });
  return errors;
}
