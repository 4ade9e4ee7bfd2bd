/**
 * Turns what Apex, wire adapters, UI API and plain JavaScript throw into readable messages, so every screen
 * shows errors the same way (in cardErrorPanel or in a toast).
 */

function messagesOf(error) {
  if (error === null || error === undefined) {
    return [];
  }
  if (typeof error === 'string') {
    return [error];
  }
  const body = error.body;
  if (Array.isArray(body)) {
    return body.map((item) => item && item.message).filter(Boolean);
  }
  if (body && typeof body === 'object') {
    const dml = [
      ...(body.pageErrors || []).map((item) => item.message),
      ...Object.values(body.fieldErrors || {}).flatMap((items) => items.map((item) => item.message))
    ];
    if (body.output) {
      dml.push(...(body.output.errors || []).map((item) => item.message));
    }
    if (dml.filter(Boolean).length > 0) {
      return dml.filter(Boolean);
    }
    if (typeof body.message === 'string' && body.message) {
      return [body.message];
    }
  }
  if (typeof error.message === 'string' && error.message) {
    return [error.message];
  }
  if (typeof error.statusText === 'string' && error.statusText) {
    return [error.statusText];
  }
  return [];
}

/**
 * @param {unknown} errors one error or a list of them
 * @returns {string[]} distinct readable messages, in order
 */
export function reduceErrors(errors) {
  const list = Array.isArray(errors) ? errors : [errors];
  return [...new Set(list.flatMap(messagesOf))];
}
