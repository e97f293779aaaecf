// The console's shell: sign-in, the page router and what every page uses (the API, roles, timers, charts).
// Everything shown comes from the API: pages escape it (esc), never inject it as markup.
import { PAGES } from './pages.js';
import { disposeCharts } from './charts.js';

// Absolute URLs on the page's origin: a page opened as http://user:password@host/ would otherwise resolve relative
// URLs with the credentials in them, which fetch refuses; the browser sends the login it keeps for this origin.
const API = location.origin + '/api/v1';
const KEY = 'gridhub.session';

export const esc = v => String(v ?? '').replace(/[&<>"']/g,
  c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
export const num = (v, digits = 0) => typeof v === 'number' && isFinite(v)
  ? v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–';
export const kw = w => typeof w === 'number' ? num(w / 1000, 1) + ' kW' : '–';
export const time = t => t ? String(t).replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';

/** The session token of a console sign-in, while it is valid (sessionStorage: gone when the tab closes). */
function session() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (s && Date.parse(s.expiresAt) > Date.now() + 5000) return s;
  } catch (e) { /* none */ }
  sessionStorage.removeItem(KEY);
  return null;
}

/** The headers of an API call: what it accepts, and the session's token (none: the browser's own login). */
function headersFor(accept) {
  const headers = { Accept: accept };
  const s = session();
  if (s) headers.Authorization = 'Bearer ' + s.token;
  else if (me && me.via === 'session') { signedOut(); throw new Error('the session expired: sign in again'); }
  return headers;
}

/** An API call: JSON in and out; a failure throws an Error with the status and the problem's detail. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = headersFor('application/json');
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let json = null;
  try { json = await r.json(); } catch (e) { /* not JSON */ }
  if (!r.ok) {
    const e = new Error((json && (json.detail || json.error)) || `${r.status} ${r.statusText}`);
    e.status = r.status;
    throw e;
  }
  return json;
}

/** A page of the API that is not JSON (a drill's HTML report), opened in a new tab as the signed-in caller. */
export async function openPage(path) {
  const tab = window.open('', '_blank');
  const r = await fetch(API + path, { headers: headersFor('text/html') });
  if (!r.ok) {
    if (tab) tab.close();
    throw new Error(`${r.status} ${r.statusText}`);
  }
  const url = URL.createObjectURL(new Blob([await r.text()], { type: 'text/html' }));
  if (tab) tab.location = url; else location.assign(url);
}

// Who is signed in ({user, roles, member, via}); roles decide what a page shows and offers.
let me = null;
export const who = () => me;
/** Whether the caller holds one of the roles (admin holds every role). */
export const can = (...roles) => !!me && !me.anonymous
  && (me.roles.includes('admin') || roles.some(r => me.roles.includes(r)));
export const READ = ['viewer', 'operator', 'governance-lead'];
export const STAFF = ['operator', 'governance-lead'];

// What a page started (polling timers) ends when another page is shown.
let timers = [];
/** Runs fn now and every ms while the page is shown. */
export function every(ms, fn) {
  const run = () => Promise.resolve().then(fn).catch(e => console.warn(e));
  run();
  timers.push(setInterval(run, ms));
}

export function navigate(path) {
  history.pushState({}, '', path);
  render();
}

function current() {
  const p = location.pathname.replace(/\/+$/, '') || '/';
  return p === '/index.html' ? '/' : p;
}

async function render() {
  timers.forEach(clearInterval);
  timers = [];
  disposeCharts();
  const path = current();
  const page = PAGES.find(p => p.path === path) || PAGES[0];
  document.getElementById('nav').innerHTML = PAGES.map(p =>
    `<a href="${p.path}" data-nav class="${p === page ? 'active' : ''}">${esc(p.title)}</a>`).join('');
  document.title = `${page.title} · gridhub`;
  const main = document.getElementById('main');
  main.innerHTML = `<h1>${esc(page.title)}</h1><div id="content"><p class="muted">loading…</p></div>`;
  const el = document.getElementById('content');
  try {
    await page.render(el);
  } catch (e) {
    el.innerHTML = `<div class="error">${esc(e.message)}</div>`;
  }
}

function showWho() {
  const el = document.getElementById('who');
  if (!me || me.anonymous) { el.textContent = ''; return; }
  el.innerHTML = `${esc(me.user)} <span class="muted">(${esc(me.roles.join(', ') || 'no role')})</span>` +
    (me.via === 'session' ? ' <button id="logout">Sign out</button>'
      : ` <span class="muted">· signed in by ${me.via === 'basic' ? 'the browser (HTTP Basic)' : 'a token'}</span>`);
  const out = document.getElementById('logout');
  if (out) out.onclick = async () => {
    try { await api('/logout', { method: 'POST', body: {} }); } catch (e) { /* gone already */ }
    signedOut();
  };
}

function signedOut() {
  sessionStorage.removeItem(KEY);
  me = null;
  showLogin();
}

function showLogin(message) {
  timers.forEach(clearInterval);
  timers = [];
  disposeCharts();
  showWho();
  document.getElementById('nav').innerHTML = '';
  document.getElementById('main').hidden = true;
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('login-user').focus();
}

async function start() {
  try {
    me = await api('/session');
  } catch (e) {
    me = null;
  }
  if (!me || me.anonymous) {
    showLogin();
    return;
  }
  document.getElementById('login').hidden = true;
  document.getElementById('main').hidden = false;
  showWho();
  render();
}

document.getElementById('login-form').addEventListener('submit', async e => {
  e.preventDefault();
  const user = document.getElementById('login-user').value;
  const password = document.getElementById('login-password').value;
  try {
    const s = await api('/login', { method: 'POST', body: { user, password } });
    sessionStorage.setItem(KEY, JSON.stringify({ token: s.token, expiresAt: s.expiresAt }));
    document.getElementById('login-password').value = '';
    start();
  } catch (err) {
    document.getElementById('login-error').textContent = err.status === 401
      ? 'Wrong user or password.' : 'Sign-in failed: ' + err.message;
  }
});

document.addEventListener('click', e => {
  const a = e.target.closest && e.target.closest('a[data-nav]');
  if (a && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) {
    e.preventDefault();
    navigate(a.getAttribute('href'));
  }
});
window.addEventListener('popstate', () => { if (me) render(); });

start();
