// Jobs of the API's jobs generation (docs/web-console.md): the list, paged by cursor as the API's Link
// header says, a form for a new job, and one job with its tasks, followed until it ends and
// cancellable while it runs.

import {ApiError, jobsApi, links, query} from './api.js';
import {h, replace, formatMillis, percent, safeHref} from './dom.js';
import {attempt, clearErrors, showError, showNotice} from './notify.js';

const KINDS = ['video', 'audio', 'image', 'animation', 'adaptive_video'];
/** Statuses after which a job or task changes no more. */
const FINAL = new Set(['succeeded', 'failed', 'cancelled']);
const CANCELLABLE = new Set(['queued', 'processing']);
const PAGE_SIZE = 20;
const LIST_REFRESH_MS = 2000;
const POLL_MS = 1000;

/** "message (kind)" of a jobs-generation error object. */
function describeError(error) {
  return error ? `${error.message} (${error.kind})` : '';
}

function badge(status) {
  return h('span', {class: `badge ${status}`}, status);
}

function progressOf(item) {
  return item.status === 'succeeded' ? 1 : Math.max(0, Math.min(1, Number(item.progress) || 0));
}

function progressBar(item, label) {
  const value = progressOf(item);
  return [h('progress', {max: 1, value, 'aria-label': label}), ' ', percent(value)];
}

/** A job's output: a link when it is a URL that can be opened here, else its text (an s3:// URL). */
function outputCell(job) {
  if (job.status !== 'succeeded' || !job.output) return '';
  const href = safeHref(job.output);
  return href ? h('a', {href, target: '_blank', rel: 'noopener noreferrer', class: 'output-link'}, 'Output')
    : h('code', {}, String(job.output));
}

/** The jobs list (#/jobs, #/jobs?after=job_… or ?before=job_…) and the new-job form. */
export class JobsView {
  constructor(root) {
    this.root = root;
    this.timer = null;
  }

  leave() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  async show(params) {
    this.cursor = {after: params.get('after') || '', before: params.get('before') || ''};
    this.body = h('tbody');
    this.pager = h('nav', {class: 'pager', 'aria-label': 'Pages'});
    this.summary = h('p', {class: 'summary', 'aria-live': 'polite'});
    replace(this.root, h('section', {class: 'jobs', 'aria-labelledby': 'jobs-title'},
        h('h1', {id: 'jobs-title'}, 'Jobs'),
        this.newJobForm(),
        this.summary,
        h('div', {class: 'table-wrap'}, h('table', {},
            h('thead', {}, h('tr', {}, ['Job', 'Kind', 'Input', 'Status', 'Progress', 'Output', 'Created']
                .map((c) => h('th', {scope: 'col'}, c)))),
            this.body)),
        this.pager));
    await this.load();
  }

  newJobForm() {
    const input = h('input', {id: 'job-input', name: 'input', required: true, spellcheck: 'false', inputmode: 'url',
      placeholder: 'https://example.com/video.mp4 or s3://bucket/key'});
    const kind = h('select', {id: 'job-kind', name: 'kind'}, KINDS.map((k) => h('option', {value: k}, k)));
    const options = h('textarea', {id: 'job-options', name: 'options', rows: 2, spellcheck: 'false',
      placeholder: '{"format": "mp4", "width": 1280, "quality": "high"}'});
    const output = h('input', {id: 'job-output', name: 'output', spellcheck: 'false', placeholder: 's3://bucket/key (optional)'});
    const submit = h('button', {type: 'submit', class: 'primary'}, 'Create job');
    return h('details', {class: 'new-job'},
        h('summary', {}, 'New job'),
        h('form', {id: 'new-job-form', onsubmit: async (e) => {
          e.preventDefault();
          clearErrors();
          const body = this.jobBody(input.value, kind.value, options.value, output.value);
          if (!body) return;
          submit.disabled = true;
          const result = await attempt(() => jobsApi('POST', '/jobs', body));
          submit.disabled = false;
          if (result) location.hash = `#/jobs/${encodeURIComponent(result.data.id)}`;
        }},
        h('div', {class: 'fields'},
            h('div', {class: 'wide'}, h('label', {for: 'job-input'}, 'Input URL'), input),
            h('div', {}, h('label', {for: 'job-kind'}, 'Kind'), kind),
            h('div', {}, h('label', {for: 'job-output'}, 'Output (optional)'), output),
            h('div', {class: 'wide'}, h('label', {for: 'job-options'}, 'Options (JSON object, optional)'), options)),
        submit));
  }

  /** The POST /jobs body, or null (and the reason shown) when the options are not a JSON object. */
  jobBody(input, kind, optionsText, output) {
    const body = {input: input.trim(), kind};
    if (optionsText.trim()) {
      let options;
      try {
        options = JSON.parse(optionsText);
      } catch (e) {
        showError(new ApiError(400, 'invalid_input', `The options are not valid JSON: ${e.message}`, 'options'));
        return null;
      }
      if (options === null || typeof options !== 'object' || Array.isArray(options)) {
        showError(new ApiError(400, 'invalid_input', 'The options must be a JSON object.', 'options'));
        return null;
      }
      body.options = options;
    }
    if (output.trim()) body.output = output.trim();
    return body;
  }

  async load() {
    clearTimeout(this.timer);
    const c = this.cursor;
    const path = `/jobs${query({limit: PAGE_SIZE, order: 'desc', after: c.after, before: c.before})}`;
    const result = await attempt(() => jobsApi('GET', path));
    if (!this.body.isConnected) return;
    if (!result) return; // shown; a failing list is not retried in a loop
    const jobs = Array.isArray(result.data) ? result.data : [];
    this.summary.textContent = jobs.length ? `${jobs.length} jobs on this page, newest first` : '';
    this.renderRows(jobs, c.after || c.before ? 'No more jobs.' : 'No jobs yet.');
    this.renderPager(result.headers);
    // Running jobs change under the eyes: the page follows them until all it shows have ended.
    if (jobs.some((j) => !FINAL.has(j.status))) this.timer = setTimeout(() => this.load(), LIST_REFRESH_MS);
  }

  /** Previous and Next from the Link header's prev and next targets (the cursors stay in the address). */
  renderPager(headers) {
    const targets = links(headers.get('Link'));
    const link = (target, cursorName, text, label) => {
      const cursor = target && target.searchParams.get(cursorName);
      if (!cursor) return null;
      return h('a', {href: `#/jobs?${new URLSearchParams({[cursorName]: cursor})}`, class: 'button', rel: cursorName === 'after' ? 'next' : 'prev',
        'aria-label': label}, text);
    };
    const more = headers.get('X-Has-More');
    this.pager.dataset.hasMore = more === null ? '' : more;
    replace(this.pager,
        link(targets.prev, 'before', '← Newer', 'Newer jobs'),
        link(targets.next, 'after', 'Older →', 'Older jobs'));
  }

  /**
   * Shows the page's jobs. A refresh of the same jobs updates their rows in place, so the link a
   * keyboard user is on keeps its focus; only a different set of jobs rebuilds the table.
   */
  renderRows(jobs, emptyText) {
    const shown = [...this.body.querySelectorAll('tr[data-id]')];
    if (jobs.length && shown.length === jobs.length && shown.every((row, i) => row.dataset.id === jobs[i].id)) {
      shown.forEach((row, i) => this.fill(row, jobs[i]));
      return;
    }
    replace(this.body, jobs.length ? jobs.map((j) => this.fill(h('tr', {dataset: {id: j.id}},
        h('td', {}, h('a', {href: `#/jobs/${encodeURIComponent(j.id)}`}, h('code', {}, j.id))),
        h('td', {}), h('td', {class: 'ellipsis'}), h('td', {}), h('td', {}), h('td', {}), h('td', {})), j))
      : h('tr', {}, h('td', {colspan: 7}, emptyText)));
  }

  /** Writes a job into its row's cells after the first (the link to the job never changes). */
  fill(row, job) {
    const [, kind, input, status, progress, output, created] = row.children;
    row.dataset.status = job.status;
    replace(kind, job.kind);
    replace(input, job.input);
    input.title = job.input || '';
    replace(status, badge(job.status));
    replace(progress, progressBar(job, `Progress of ${job.id}`));
    // Rebuilt only when it changes, so a focused output link stays put.
    const outputKey = `${job.status} ${job.output}`;
    if (output.dataset.key !== outputKey) {
      output.dataset.key = outputKey;
      replace(output, outputCell(job));
    }
    replace(created, formatMillis(job.created_at));
    return row;
  }
}

/** One job (#/jobs/job_…): its fields and tasks, refreshed until it is final, with Cancel while it runs. */
export class JobView {
  constructor(root) {
    this.root = root;
    this.timer = null;
  }

  leave() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  async show(id) {
    this.id = id;
    replace(this.root, h('p', {'aria-busy': 'true'}, 'Loading…'));
    const result = await attempt(() => jobsApi('GET', `/jobs/${encodeURIComponent(id)}`));
    if (!result) {
      replace(this.root, h('p', {}, h('a', {href: '#/jobs'}, '← Back to the jobs')));
      return;
    }
    this.factsEl = h('div', {class: 'side'});
    // Not a live region: it is rebuilt every second while the job runs, which would be read out each time.
    this.tasksEl = h('ol', {class: 'task-list'});
    // Made once and only shown or hidden, so a refresh never takes the keyboard focus away from it.
    this.cancelButton = h('button', {type: 'button', class: 'danger-button', id: 'cancel-job', onclick: () => this.cancel()}, 'Cancel job');
    this.heading = h('h1', {tabindex: '-1'});
    this.article = h('article', {class: 'job-detail'},
        h('p', {}, h('a', {href: '#/jobs'}, '← Back to the jobs')),
        this.heading,
        h('div', {class: 'actions'}, this.cancelButton),
        this.factsEl,
        h('section', {'aria-labelledby': 'job-tasks-title'}, h('h2', {id: 'job-tasks-title'}, 'Tasks'), this.tasksEl));
    replace(this.root, this.article);
    this.render(result.data);
  }

  render(job) {
    this.job = job;
    this.article.dataset.id = job.id;
    this.article.dataset.status = job.status;
    this.heading.textContent = `Job ${job.id}`;
    this.cancelButton.hidden = !CANCELLABLE.has(job.status);
    const json = (value) => h('pre', {class: 'json'}, JSON.stringify(value, null, 2));
    const rows = [
      ['ID', h('code', {}, job.id)], ['Kind', job.kind], ['Status', badge(job.status)],
      ['Progress', progressBar(job, `Progress of ${job.id}`)],
      ['Input', h('code', {class: 'wrap'}, String(job.input))],
      ['Output', job.output ? (safeHref(job.output) ? h('a', {href: safeHref(job.output), target: '_blank', rel: 'noopener noreferrer',
        class: 'output-link'}, String(job.output)) : h('code', {class: 'wrap'}, String(job.output))) : '–'],
      ['Options', json(job.options || {})], ['Metadata', json(job.metadata || {})],
      ['Error', job.error ? h('span', {class: 'error-text', dataset: {kind: job.error.kind}}, describeError(job.error)) : null],
      ['Created', formatMillis(job.created_at)], ['Started', formatMillis(job.started_at)],
      ['Finished', formatMillis(job.finished_at)], ['Updated', formatMillis(job.updated_at)],
    ].filter(([, value]) => value !== null && value !== undefined);
    replace(this.factsEl, h('dl', {class: 'facts'}, rows.map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)])));
    const tasks = Array.isArray(job.tasks) ? job.tasks : [];
    replace(this.tasksEl, tasks.length ? tasks.map((t) => this.taskItem(t)) : h('li', {}, 'No tasks yet.'));
    clearTimeout(this.timer);
    if (!FINAL.has(job.status)) this.timer = setTimeout(() => this.refresh(), POLL_MS);
  }

  taskItem(task) {
    return h('li', {class: 'task', dataset: {id: task.id, status: task.status, kind: task.kind}},
        h('div', {class: 'task-head'}, h('strong', {}, task.kind), ' ', badge(task.status), ' ', h('code', {}, task.id)),
        progressBar(task, `Progress of ${task.kind} task ${task.id}`),
        task.error ? h('p', {class: 'error-text', dataset: {kind: task.error.kind}}, describeError(task.error)) : null,
        this.taskOutput(task.output));
  }

  /** A short line for a task's output: a probed or encoded file's facts, or an export's destination. */
  taskOutput(output) {
    if (!output || typeof output !== 'object') return null;
    const size = output.width && output.height ? `${output.width}×${output.height}` : null;
    const facts = [output.kind, output.format, size, output.duration ? `${output.duration} s` : null,
      output.codecs ? Object.values(output.codecs).filter(Boolean).join('/') : null].filter(Boolean).join(' · ');
    const url = typeof output.url === 'string' ? output.url : null;
    return h('p', {class: 'task-output'}, facts, url ? [' ', h('code', {class: 'wrap'}, url)] : null);
  }

  async refresh() {
    const result = await attempt(() => jobsApi('GET', `/jobs/${encodeURIComponent(this.id)}`));
    if (!this.article.isConnected) return;
    if (result) {
      this.render(result.data);
    } else {
      // Shown once; try again later rather than give up following a running job.
      this.timer = setTimeout(() => this.refresh(), POLL_MS * 5);
    }
  }

  async cancel() {
    this.cancelButton.disabled = true;
    const result = await attempt(() => jobsApi('POST', `/jobs/${encodeURIComponent(this.id)}/cancel`));
    this.cancelButton.disabled = false;
    if (!result || !this.article.isConnected) return;
    showNotice('Cancelled.');
    if (result.data && result.data.id === this.id) this.render(result.data);
    else await this.refresh();
    // The button hides once the job is final; the keyboard focus moves to the heading, not to the page's end.
    if (this.cancelButton.hidden) this.heading.focus();
  }
}
