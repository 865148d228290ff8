// Storage connections (the project's own S3-compatible buckets, docs/web-console.md): the list,
// a form to add one, and per connection Test, Set default and Delete.
//
// The secret access key is write-only: the API never returns it, and the console only ever has it
// in the password field while it is typed, which is emptied as soon as the form is sent.

import {jobsApi} from './api.js';
import {h, replace, formatMillis} from './dom.js';
import {attempt, clearErrors, showNotice} from './notify.js';

export class ConnectionsView {
  constructor(root) {
    this.root = root;
  }

  async show() {
    this.body = h('tbody');
    this.summary = h('p', {class: 'summary', 'aria-live': 'polite'});
    replace(this.root, h('section', {class: 'connections', 'aria-labelledby': 'connections-title'},
        h('h1', {id: 'connections-title'}, 'Storage connections'),
        h('p', {class: 'hint'}, 'Your own S3-compatible buckets: jobs read s3:// inputs and write s3:// outputs through them.'),
        this.summary,
        h('div', {class: 'table-wrap'}, h('table', {},
            h('thead', {}, h('tr', {}, ['Name', 'Endpoint', 'Region', 'Bucket', 'Access key ID', 'Default', 'Created', 'Actions']
                .map((c) => h('th', {scope: 'col'}, c)))),
            this.body)),
        this.createForm()));
    await this.load();
  }

  async load() {
    const result = await attempt(() => jobsApi('GET', '/connections'));
    if (!this.body.isConnected || !result) return;
    const connections = Array.isArray(result.data) ? result.data : [];
    this.summary.textContent = `${connections.length} connection${connections.length === 1 ? '' : 's'}`;
    replace(this.body, connections.length ? connections.map((c) => this.row(c))
      : h('tr', {}, h('td', {colspan: 8}, 'No connections yet.')));
  }

  row(connection) {
    const name = connection.name || connection.id;
    const result = h('span', {class: 'test-result', 'aria-live': 'polite'});
    const test = h('button', {type: 'button', class: 'test-connection', 'aria-label': `Test ${name}`, onclick: async () => {
      test.disabled = true;
      result.textContent = 'Testing…';
      delete result.dataset.result;
      const answer = await attempt(() => jobsApi('POST', `/connections/${encodeURIComponent(connection.id)}/test`));
      test.disabled = false;
      if (!result.isConnected) return;
      // A test that ran but found the bucket unusable may answer 200 with an error in its body.
      const error = answer && answer.data && answer.data.error;
      result.dataset.result = answer && !error ? 'ok' : 'failed';
      result.textContent = !answer ? 'Failed' : error ? `Failed: ${error.message} (${error.kind})` : 'Works';
    }}, 'Test');
    const makeDefault = connection.is_default ? null : h('button', {type: 'button', class: 'set-default',
      'aria-label': `Make ${name} the default`, onclick: async () => {
        const answer = await attempt(() => jobsApi('PATCH', `/connections/${encodeURIComponent(connection.id)}`, {is_default: true}));
        if (answer) {
          showNotice(`${name} is the default connection.`);
          await this.load();
        }
      }}, 'Set default');
    const remove = h('button', {type: 'button', class: 'danger-button delete-connection', 'aria-label': `Delete ${name}`,
      onclick: async () => {
        if (!confirm(`Delete the connection “${name}”? Jobs that name it will fail.`)) return;
        const answer = await attempt(() => jobsApi('DELETE', `/connections/${encodeURIComponent(connection.id)}`));
        if (answer) {
          showNotice(`${name} was deleted.`);
          await this.load();
        }
      }}, 'Delete');
    return h('tr', {dataset: {id: connection.id, default: String(Boolean(connection.is_default))}},
        h('td', {}, h('strong', {}, name), h('br'), h('code', {}, connection.id)),
        h('td', {class: 'ellipsis', title: connection.endpoint}, connection.endpoint),
        h('td', {}, connection.region),
        h('td', {}, connection.bucket || '–'),
        h('td', {}, h('code', {}, connection.access_key_id)),
        h('td', {}, connection.is_default ? h('span', {class: 'badge succeeded'}, 'default') : ''),
        h('td', {}, formatMillis(connection.created_at)),
        h('td', {class: 'actions'}, test, makeDefault, remove, result));
  }

  createForm() {
    const field = (id, label, attrs = {}) => h('div', {class: attrs.wide ? 'wide' : null},
        h('label', {for: id}, label), h('input', {id, name: id, spellcheck: 'false', autocomplete: 'off', ...attrs, wide: null}));
    const kind = h('select', {id: 'connection-kind', name: 'kind'}, h('option', {value: 's3'}, 'S3-compatible'));
    // Write-only: a password input that is never given a value by the console, and emptied once sent.
    const secret = h('input', {id: 'connection-secret', name: 'secret_access_key', type: 'password', required: true,
      autocomplete: 'new-password', spellcheck: 'false'});
    const submit = h('button', {type: 'submit', class: 'primary'}, 'Add connection');
    const form = h('form', {id: 'connection-form', class: 'connection-form', onsubmit: async (e) => {
      e.preventDefault();
      clearErrors();
      const value = (id) => form.querySelector(`#${id}`).value.trim();
      const body = {kind: kind.value, name: value('connection-name'), endpoint: value('connection-endpoint'),
        access_key_id: value('connection-access-key-id'), secret_access_key: secret.value};
      for (const [name, id] of [['region', 'connection-region'], ['bucket', 'connection-bucket']]) {
        if (value(id)) body[name] = value(id);
      }
      secret.value = '';
      submit.disabled = true;
      const answer = await attempt(() => jobsApi('POST', '/connections', body));
      submit.disabled = false;
      if (!answer) {
        secret.focus(); // the rest of the form is kept; the secret must be typed again
        return;
      }
      form.reset();
      showNotice(`${answer.data.name || answer.data.id} was added.`);
      await this.load();
    }},
    h('h2', {}, 'Add a connection'),
    h('div', {class: 'fields'},
        h('div', {}, h('label', {for: 'connection-kind'}, 'Kind'), kind),
        field('connection-name', 'Name', {required: true, placeholder: 'my-bucket'}),
        field('connection-endpoint', 'Endpoint', {required: true, inputmode: 'url', placeholder: 'https://s3.eu-west-1.amazonaws.com'}),
        field('connection-region', 'Region (optional)', {placeholder: 'us-east-1'}),
        field('connection-bucket', 'Bucket (optional)', {}),
        field('connection-access-key-id', 'Access key ID', {required: true}),
        h('div', {}, h('label', {for: 'connection-secret'}, 'Secret access key (write-only)'), secret)),
    submit);
    return form;
  }
}
