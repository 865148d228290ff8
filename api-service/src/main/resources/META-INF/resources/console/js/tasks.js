// Recent tasks of the project (ingests, uploads and conversions) with status, progress and errors,
// refreshed while the page is open.

import {api, query} from './api.js';
import {h, replace, formatTime, percent} from './dom.js';
import {attempt} from './notify.js';

const REFRESH_MS = 2000;
const STATUSES = ['', 'pending', 'waiting', 'processing', 'completed', 'failed'];
const KINDS = ['', 'ingest', 'video', 'audio', 'image'];

export class TasksView {
  constructor(root) {
    this.root = root;
    this.timer = null;
  }

  leave() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  async show(params) {
    this.filters = {status: params.get('status') || '', kind: params.get('kind') || '', page: parseInt(params.get('page') || '1', 10) || 1};
    this.body = h('tbody');
    this.pageInfo = h('p', {class: 'summary', 'aria-live': 'polite'});
    const select = (id, label, values) => [h('label', {for: id}, label),
      h('select', {id, name: id, onchange: () => this.navigate()},
          values.map((v) => h('option', {value: v, selected: v === this.filters[id]}, v || 'All')))];
    replace(this.root, h('section', {class: 'tasks', 'aria-labelledby': 'tasks-title'},
        h('h1', {id: 'tasks-title'}, 'Tasks'),
        h('form', {class: 'filters', 'aria-label': 'Filter tasks', onsubmit: (e) => e.preventDefault()},
            h('div', {}, ...select('status', 'Status', STATUSES)), h('div', {}, ...select('kind', 'Kind', KINDS))),
        this.pageInfo,
        h('div', {class: 'table-wrap'}, h('table', {},
            h('thead', {}, h('tr', {}, ['Task', 'Kind', 'Output', 'Status', 'Progress', 'Error', 'Created', 'Finished']
                .map((c) => h('th', {scope: 'col'}, c)))),
            this.body))));
    await this.load();
  }

  navigate() {
    const params = new URLSearchParams();
    for (const name of ['status', 'kind']) {
      const value = document.getElementById(name).value;
      if (value) params.set(name, value);
    }
    location.hash = `#/tasks?${params}`;
  }

  async load() {
    clearTimeout(this.timer);
    const f = this.filters;
    const result = await attempt(() => api('GET', `/tasks${query({page: f.page, limit: 50, status: f.status, kind: f.kind})}`));
    if (!this.body.isConnected) return;
    if (result) {
      const {data, meta} = result;
      this.pageInfo.textContent = `${meta.total} tasks, newest first`;
      replace(this.body, data.length ? data.map((t) => this.row(t))
          : h('tr', {}, h('td', {colspan: 8}, 'No tasks yet.')));
    }
    this.timer = setTimeout(() => this.load(), REFRESH_MS);
  }

  row(task) {
    const progress = task.status === 'completed' ? 1 : (task.progress || 0);
    const output = task.kind === 'ingest' ? (task.url || task.filename || '') : [task.format, task.width ? `${task.width}w` : null]
        .filter(Boolean).join(' ');
    const mediaId = task.output && task.output.media_id;
    return h('tr', {dataset: {id: task.id, status: task.status}},
        h('td', {}, mediaId ? h('a', {href: `#/media/${mediaId}`}, h('code', {}, task.id)) : h('code', {}, task.id)),
        h('td', {}, task.kind),
        h('td', {class: 'ellipsis'}, typeof output === 'string' ? output : JSON.stringify(output)),
        h('td', {}, h('span', {class: `badge ${task.status}`}, task.status)),
        h('td', {}, h('progress', {max: 1, value: progress, 'aria-label': `Progress of ${task.id}`}), ' ', percent(progress)),
        h('td', {}, task.error ? `${task.error.message} (${task.error.code})` : ''),
        h('td', {}, formatTime(task.created)),
        h('td', {}, formatTime(task.finished)));
  }
}
