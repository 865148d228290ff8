// Boots the console: sign-in with an API key (kept in sessionStorage, so it ends with the tab),
// then a hash router over the library, one media item, the tasks list, jobs and storage connections.

import {api, storedKey, rememberKey, forgetKey, ApiError} from './api.js';
import {showError} from './notify.js';
import {UploadQueue} from './uploads.js';
import {LibraryView} from './library.js';
import {MediaView} from './media.js';
import {TasksView} from './tasks.js';
import {JobsView, JobView} from './jobs.js';
import {ConnectionsView} from './connections.js';

const PROJECT_ITEM = 'smidgen.console.project';
const view = document.getElementById('view');
const signIn = document.getElementById('sign-in');
const nav = document.getElementById('nav');
let uploads = null;
let library = null;
let current = null;
let views = null;

/** Checks a key with the cheapest authenticated read, and learns its project from the envelope. */
async function projectOf(key) {
  rememberKey(key);
  try {
    const {meta} = await api('GET', '/media?limit=1');
    return meta.project_id;
  } catch (e) {
    forgetKey();
    throw e;
  }
}

function showSignIn() {
  if (current && current.leave) current.leave();
  current = null;
  nav.hidden = true;
  document.getElementById('uploads').hidden = true;
  signIn.hidden = false;
  view.replaceChildren();
  document.getElementById('api-key').focus();
}

function start(projectId) {
  signIn.hidden = true;
  nav.hidden = false;
  uploads = new UploadQueue(document.getElementById('uploads'), document.getElementById('upload-list'), {
    projectId,
    onReady: () => library && library.refresh(),
  });
  library = new LibraryView(view, uploads);
  views = {library, media: new MediaView(view), tasks: new TasksView(view), jobs: new JobsView(view), job: new JobView(view),
    connections: new ConnectionsView(view)};
  uploads.showInterrupted();
  route();
}

function route() {
  if (!views) return;
  const [path, search] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search || '');
  const parts = path.split('/').filter(Boolean);
  if (current && current.leave) current.leave();
  for (const link of nav.querySelectorAll('a[data-section]')) {
    link.toggleAttribute('aria-current', link.dataset.section === (parts[0] || 'library'));
  }
  if (parts[0] === 'media' && parts[1]) {
    current = views.media;
    views.media.show(decodeURIComponent(parts[1]));
  } else if (parts[0] === 'jobs' && parts[1]) {
    current = views.job;
    views.job.show(decodeURIComponent(parts[1]));
  } else if (parts[0] === 'jobs') {
    current = views.jobs;
    views.jobs.show(params);
  } else if (parts[0] === 'connections') {
    current = views.connections;
    views.connections.show();
  } else if (parts[0] === 'tasks') {
    current = views.tasks;
    views.tasks.show(params);
  } else {
    current = views.library;
    views.library.show(params);
  }
  document.getElementById('main').focus({preventScroll: true});
}

document.getElementById('sign-in-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = document.getElementById('api-key');
  const key = input.value.trim();
  try {
    const projectId = await projectOf(key);
    sessionStorage.setItem(PROJECT_ITEM, projectId);
    input.value = '';
    start(projectId);
  } catch (error) {
    showError(error.status === 401 ? new ApiError(401, error.code, 'That API key was not accepted.') : error);
  }
});

document.getElementById('sign-out').addEventListener('click', () => {
  forgetKey();
  sessionStorage.removeItem(PROJECT_ITEM);
  views = null;
  showSignIn();
});

// A key revoked while the console is open: back to sign-in, with the reason shown.
window.addEventListener('smidgen:unauthorized', () => {
  forgetKey();
  sessionStorage.removeItem(PROJECT_ITEM);
  views = null;
  showSignIn();
});
window.addEventListener('hashchange', route);
// Dropping a file outside the library must not make the browser navigate away to it.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

if (storedKey() && sessionStorage.getItem(PROJECT_ITEM)) {
  start(sessionStorage.getItem(PROJECT_ITEM));
} else {
  showSignIn();
}
