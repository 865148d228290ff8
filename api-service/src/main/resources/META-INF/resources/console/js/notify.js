// The one place errors are shown when they do not belong to a card: a dismissable alert with the
// API's human message and its code.
import {h} from './dom.js';

export function showError(error) {
  const text = typeof error.describe === 'function' ? error.describe() : `${error.message || error} (internal)`;
  const alerts = document.getElementById('alerts');
  const item = h('div', {class: 'alert error', dataset: {code: error.code || 'internal'}},
      h('span', {}, text),
      h('button', {type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => item.remove()}, '×'));
  alerts.append(item);
  setTimeout(() => item.remove(), 20000);
}

/** Removes the errors shown so far: a form sent again supersedes what its last try said. */
export function clearErrors() {
  document.querySelectorAll('#alerts .alert.error').forEach((item) => item.remove());
}

export function showNotice(text) {
  const alerts = document.getElementById('alerts');
  const item = h('div', {class: 'alert notice', role: 'status'}, text);
  alerts.append(item);
  setTimeout(() => item.remove(), 5000);
}

/** Runs an async action, showing its failure instead of dropping it. */
export async function attempt(action) {
  try {
    return await action();
  } catch (e) {
    showError(e);
    return undefined;
  }
}
