// The console's pages: each renders into its element from the REST API, asking only for what the caller's roles
// may read (so no page runs into a refusal) and offering only the actions they may take.
import { api, can, esc, every, kw, num, openPage, time, who, READ, STAFF } from './app.js';
import { durationMs, regular, timeChart } from './charts.js';

const table = (heads, rows, empty = 'nothing yet') => rows.length
  ? `<table><thead><tr>${heads.map(h => h.startsWith('#') ? `<th class="num">${esc(h.slice(1))}</th>`
    : `<th>${esc(h)}</th>`).join('')}</tr></thead>`
    + `<tbody>${rows.map(r => `<tr>${r.join('')}</tr>`).join('')}</tbody></table>`
  : `<p class="muted">${esc(empty)}</p>`;
const td = v => `<td>${esc(v)}</td>`;
const tdn = (v, d = 0) => `<td class="num">${num(v, d)}</td>`;
const tds = v => `<td class="${esc(v)}">${esc(v)}</td>`;
const note = text => `<p class="note">${text}</p>`;
const needs = roles => note(`This page needs one of the roles ${esc(roles.join(', '))}; you have `
  + `${esc(who().roles.join(', ') || 'none')}.`);
const failed = e => `<div class="error">${esc(e.message)}</div>`;

// The hub's own time (its clock may run faster than the wall's in the demo): learnt from the API's answers.
let hubOffset = 0;
const hubNow = () => Date.now() + hubOffset;
const learnHubTime = to => { if (to) hubOffset = Date.parse(to) - Date.now(); };

/** Buckets of a point (avg, min, max, last per step) over [from, to), hub time; never a 404 for a quiet point. */
async function buckets(point, { from, to, stepSeconds }) {
  const q = new URLSearchParams({ step: `PT${stepSeconds}S` });
  if (from) q.set('from', new Date(from).toISOString());
  if (to) q.set('to', new Date(to).toISOString());
  const r = await api(`/points/${encodeURIComponent(point)}/samples?${q}`);
  if (!from) learnHubTime(r.to);
  return r.buckets || [];
}

/** The latest value of a point within the last 10 minutes of hub time (from its buckets), or null. */
async function recent(point) {
  const b = await buckets(point, { stepSeconds: 60 });
  const last = b[b.length - 1];
  return last ? { value: last.last, at: last.start } : null;
}

const assetsOf = c => [...(c.sharedAssets || []),
  ...(c.members || []).flatMap(m => (m.sites || []).flatMap(s => s.assets || []))];

// ---------------------------------------------------------------------------------------------------------------
async function overview(el) {
  const health = await api('/health').catch(e => ({ status: 'unreachable', reason: e.message }));
  const { communities } = await api('/communities');
  const pointIds = can(...READ) ? new Set((await api('/points')).points.map(p => p.id)) : new Set();
  el.innerHTML = `<p>Hub <b class="${health.status === 'UP' ? 'up' : 'down'}">${esc(health.status)}</b>`
    + ` · version ${esc(health.version)} · ${esc(health.bundlesActive)}/${esc(health.bundlesTotal)} bundles active`
    + ` · ${num(health.samplesPublished)} samples published${health.reason ? ' · ' + esc(health.reason) : ''}</p>`
    + communities.map((c, i) => {
      const assets = assetsOf(c);
      const kinds = {};
      assets.forEach(a => { kinds[a.kind] = (kinds[a.kind] || 0) + 1; });
      return `<h2>${esc(c.name || c.id)} <span class="muted">(${esc(c.id)})</span></h2>`
        + `<div class="cards"><div class="card"><div class="big">${(c.members || []).length}</div>members</div>`
        + Object.entries(kinds).sort().map(([k, n]) => `<div class="card"><div class="big">${n}</div>${esc(k)}</div>`)
          .join('') + '</div>'
        + `<h3>Grid: live flows and headroom</h3><div id="grid-${i}">`
        + (can(...READ) ? '<p class="muted">loading…</p>' : note('Live flows need the role viewer, operator or '
          + 'governance lead.')) + '</div>'
        + (can(...READ) ? `<h3>Operating loop</h3><div id="loop-${i}"><p class="muted">loading…</p></div>` : '')
        + `<h3>Members</h3>` + table(['member', 'name', 'type', 'feeder', 'assets'], (c.members || []).map(m => [
          td(m.id), td(m.name), td(m.type), td((m.sites || []).map(s => s.feederId).filter(Boolean).join(', ')),
          td((m.sites || []).flatMap(s => (s.assets || []).map(a => `${a.id} (${a.kind})`)).join(', '))]));
    }).join('')
    + (can(...READ) ? '<h2>Recent events</h2><div id="events"></div>' : '');
  if (!can(...READ)) return;
  communities.forEach((c, i) => every(10000, () => grid(c, pointIds, document.getElementById(`grid-${i}`))));
  const loops = await api('/loop').then(l => l.communities).catch(() => []);
  communities.forEach((c, i) => {
    const box = document.getElementById(`loop-${i}`);
    if (!loops.includes(c.id)) { box.innerHTML = '<p class="muted">the loop does not run this community</p>'; return; }
    every(10000, async () => { box.innerHTML = loopTable(await api(`/loop/${encodeURIComponent(c.id)}`)); });
  });
  every(15000, async () => {
    const { events } = await api('/events?limit=10');
    document.getElementById('events').innerHTML = table(['time', 'severity', 'source', 'subject', 'message'],
      events.map(e => [td(time(e.time)), tds(e.severity), td(e.source), td(e.subject), td(e.message)]), 'no events');
  });
}

async function grid(c, pointIds, box) {
  const rows = [];
  for (const f of c.feeders || []) {
    const id = `${c.id}.${f.id}.p`;
    const v = pointIds.has(id) ? await recent(id) : null;
    const flow = v ? v.value : null;
    const headroom = flow == null ? null : flow >= 0 ? f.importLimitW - flow : f.exportLimitW + flow;
    rows.push([td(`feeder ${f.id}`), td(f.name), `<td class="num">${kw(flow)}</td>`,
      td(flow == null ? '' : flow >= 0 ? 'import' : 'export'),
      `<td class="num">${kw(f.importLimitW)} / ${kw(f.exportLimitW)}</td>`,
      `<td class="num ${headroom != null && headroom < 0 ? 'down' : ''}">${kw(headroom)}</td>`,
      td(v ? time(v.at) : 'no value in the last hour')]);
  }
  for (const t of c.transformers || []) {
    const id = `${c.id}.${t.id}.loading`;
    const v = pointIds.has(id) ? await recent(id) : null;
    const va = v ? v.value * t.ratedApparentPowerVA : null;
    rows.push([td(`transformer ${t.id}`), td(t.name),
      `<td class="num">${v ? num(va / 1000, 1) + ' kVA (' + num(v.value * 100) + ' %)' : '–'}</td>`, td(''),
      `<td class="num">${num(t.ratedApparentPowerVA / 1000, 0)} kVA</td>`,
      `<td class="num">${v ? num((t.ratedApparentPowerVA - va) / 1000, 1) + ' kVA' : '–'}</td>`,
      td(v ? time(v.at) : 'no value in the last hour')]);
  }
  box.innerHTML = table(['element', 'name', '#flow', 'direction', '#limit (import / export)', '#headroom', 'at'],
    rows, 'no feeders or transformers');
}

function loopTable(l) {
  const a = l.authority || {};
  return `<p>Control authority <b>${esc(a.mode)}</b> <span class="muted">(${esc(a.source)})</span></p>`
    + table(['stage', 'outcome', 'reason', 'strategy', 'start', 'duration'], (l.stages || []).map(s => [
      td(s.stage), tds(s.outcome), td(s.reason), td(s.strategy ? `${s.strategy}@${s.version}` : ''),
      td(time(s.start)), td(s.duration)]), 'no stage has run yet');
}

// ---------------------------------------------------------------------------------------------------------------
const RANGES = { '15m': 900, '1h': 3600, '6h': 21600, '24h': 86400, '7d': 604800 };

async function points(el) {
  if (!can(...READ)) { el.innerHTML = needs(READ); return; }
  const all = (await api('/points')).points;
  const q = new URLSearchParams(location.search);
  let point = q.get('point') || (all.find(p => p.quantity === 'ACTIVE_POWER') || all[0] || {}).id;
  let range = RANGES[q.get('range')] ? q.get('range') : '1h';
  el.innerHTML = `<div class="toolbar"><label>Point <input id="pt" list="pts" size="40" value="${esc(point)}">`
    + `</label><datalist id="pts">${all.map(p => `<option value="${esc(p.id)}">${esc(p.description || '')}`
    + `</option>`).join('')}</datalist> Range ${Object.keys(RANGES).map(r =>
      `<button data-range="${r}">${r}</button>`).join(' ')}</div>`
    + '<p id="pt-info" class="muted"></p><div id="pt-chart" class="chart"></div>'
    + '<p class="muted">Average per step, with the minimum and maximum of each step as a band. Zoom with the mouse '
    + 'wheel or the slider below the chart.</p>'
    + `<h2>All points (${all.length})</h2>` + table(['point', 'asset', 'kind', 'quantity', 'unit', 'description'],
      all.map(p => [`<td><a href="/points?point=${encodeURIComponent(p.id)}" data-pt="${esc(p.id)}">${esc(p.id)}`
        + '</a></td>', td(p.assetId), td(p.kind), td(p.quantity), td(p.unit), td(p.description)]));
  const draw = async () => {
    history.replaceState({}, '', `/points?point=${encodeURIComponent(point)}&range=${range}`);
    el.querySelectorAll('[data-range]').forEach(b => { b.disabled = b.dataset.range === range; });
    const meta = all.find(p => p.id === point);
    const info = document.getElementById('pt-info');
    if (!meta) { info.textContent = `no point ${point}`; return; }
    const seconds = RANGES[range];
    const stepSeconds = Math.max(1, Math.ceil(seconds / 400));
    await buckets(point, { stepSeconds: 60 }); // learns the hub's time
    const to = hubNow();
    const b = await buckets(point, { from: to - seconds * 1000, to, stepSeconds });
    info.textContent = `${meta.description || meta.id} · ${b.length} steps of ${stepSeconds} s · `
      + (b.length ? `last ${num(b[b.length - 1].last, 2)} ${meta.unit}` : 'no samples in this range');
    const box = document.getElementById('pt-chart');
    echarts.getInstanceByDom(box)?.dispose();
    const at = x => Date.parse(x.start);
    timeChart(box, {
      unit: meta.unit, from: to - seconds * 1000, to,
      lines: [{ name: point, data: b.map(x => [at(x), x.avg]) }],
      bands: [{ name: 'min – max', lower: b.map(x => [at(x), x.min]), upper: b.map(x => [at(x), x.max]),
        color: '#91b4f5' }],
    });
  };
  el.querySelectorAll('[data-range]').forEach(b => b.onclick = () => { range = b.dataset.range; draw(); });
  document.getElementById('pt').onchange = e => { point = e.target.value.trim(); draw(); };
  el.querySelectorAll('[data-pt]').forEach(a => a.onclick = e => {
    e.preventDefault(); e.stopPropagation(); point = a.dataset.pt; document.getElementById('pt').value = point;
    draw(); window.scrollTo(0, 0);
  });
  await draw();
}

// ---------------------------------------------------------------------------------------------------------------
async function forecasts(el) {
  if (!can(...READ)) { el.innerHTML = needs(READ); return; }
  const list = (await api('/forecasts')).forecasts || [];
  if (!list.length) { el.innerHTML = '<p class="muted">No forecast yet (the first comes about a minute after '
    + 'start).</p>'; return; }
  const staff = can(...STAFF);
  const { communities } = await api('/communities');
  const pointIds = new Set((await api('/points')).points.map(p => p.id));
  el.innerHTML = (staff ? '' : note('Actual values are the sum of member meters, personal data: operators and '
    + 'governance leads see them beside the forecast.'))
    + list.map((f, i) => `<h2>${esc(f.target)} <span class="muted">· ${esc(f.kind)} · ${esc(f.model)}@`
      + `${esc(f.version)} · issued ${esc(time(f.issueTime))} · step ${esc(f.step)}</span></h2>`
      + `<div id="fc-${i}" class="chart"></div><p id="fc-note-${i}" class="muted"></p>`).join('');
  for (const [i, f] of list.entries()) {
    const band = { name: 'P10 – P90', lower: regular(f.start, f.step, f.p10),
      upper: regular(f.start, f.step, f.p90) };
    const lines = [{ name: 'P50 forecast', data: regular(f.start, f.step, f.p50), width: 2 }];
    let text = `${f.p50.length} steps from ${time(f.start)}.`;
    if (staff) {
      const [community] = f.target.split('.');
      const c = communities.find(x => x.id === community);
      const kind = f.kind === 'PV' ? 'PV' : 'LOAD';
      const ids = c ? assetsOf(c).filter(a => a.kind === kind).map(a => `${community}.${a.id}.p`)
        .filter(id => pointIds.has(id)) : [];
      if (ids.length) {
        const ms = durationMs(f.step);
        const from = Date.parse(f.start) - 48 * ms;
        const to = Math.min(Date.parse(f.start) + f.p50.length * ms, hubNow() + ms);
        const sums = new Map();
        const all = await Promise.all(ids.map(id => buckets(id, { from, to, stepSeconds: ms / 1000 }).catch(() => [])));
        all.flat().forEach(b => { const t = Date.parse(b.start); sums.set(t, (sums.get(t) || 0) + b.avg); });
        const actual = [...sums.entries()].sort((a, b) => a[0] - b[0]);
        lines.push({ name: `actual (sum of ${ids.length} ${kind} points)`, data: actual, color: '#222', width: 1.4 });
        text += ` Actual: average per step of the sum of ${ids.length} ${kind} assets' power, the 48 steps before `
          + 'the forecast too.';
      } else {
        text += ` No ${kind} points to compare with.`;
      }
    }
    timeChart(document.getElementById(`fc-${i}`), { unit: f.unit, lines, bands: [band] });
    document.getElementById(`fc-note-${i}`).textContent = text;
  }
}

// ---------------------------------------------------------------------------------------------------------------
async function plans(el) {
  if (!can(...READ)) { el.innerHTML = needs(READ); return; }
  const { communities } = await api('/communities');
  const loops = await api('/loop').then(l => l.communities).catch(() => null);
  const ids = loops || communities.map(c => c.id);
  // What the operator did stays shown while the loop replaces the plan below with its next one.
  el.innerHTML = '<div id="plans-msg"></div>'
    + (ids.map((c, i) => `<div id="plan-${i}"><p class="muted">loading…</p></div>`).join('')
    || '<p class="muted">No community is planned.</p>');
  ids.forEach((c, i) => {
    let shown = null;
    every(15000, async () => {
      const box = document.getElementById(`plan-${i}`);
      let plan = null;
      try {
        // The loop's stages say whether a plan was made, so that no page asks for one that does not exist.
        const made = !loops || (await api(`/loop/${encodeURIComponent(c)}`)).stages
          .some(s => s.stage === 'OPTIMIZE');
        plan = made ? await api(`/plans/latest/${encodeURIComponent(c)}`) : null;
      } catch (e) {
        if (e.status !== 404) throw e;
      }
      if (!plan) { box.innerHTML = `<h2>${esc(c)}</h2><p class="muted">No plan yet: the loop makes the first `
        + 'shortly after start.</p>'; return; }
      const key = JSON.stringify([plan.id, plan.approval, (plan.schedules || []).map(s => s.execution)]);
      if (key === shown) return;
      shown = key;
      renderPlan(box, plan, communities.find(x => x.id === c), i);
    });
  });
}

function renderPlan(box, p, community, i) {
  const x = p.explanation || {};
  const pending = p.approval === 'PENDING';
  const savings = typeof x.baselineCostEur === 'number' && typeof x.costEur === 'number'
    ? x.baselineCostEur - x.costEur : null;
  box.innerHTML = `<h2>${esc(p.community || '')} · plan <code>${esc(p.id)}</code></h2>`
    + `<div class="cards"><div class="card">strategy<div class="big">${esc(p.strategy)}</div></div>`
    + `<div class="card">mode<div class="big">${esc(p.mode || '–')}</div></div>`
    + `<div class="card">approval<div class="big ${esc(p.approval)}">${esc(p.approval || '–')}</div></div>`
    + `<div class="card">cost vs uncoordinated<div class="big">${num(x.costEur, 2)} / ${num(x.baselineCostEur, 2)} `
    + `EUR</div>saves ${num(savings, 2)} EUR</div>`
    + `<div class="card">status<div class="big ${esc(x.status)}">${esc(x.status || '–')}</div></div></div>`
    + `<p class="muted">issued ${esc(time(p.issueTime))} · ${esc(p.steps)} steps of ${esc(p.step)} from `
    + `${esc(time(p.start))}${p.expiresAt ? ' · expires ' + esc(time(p.expiresAt)) : ''}`
    + `${p.confirmedBy ? ' · confirmed by ' + esc(p.confirmedBy) + ' at ' + esc(time(p.confirmedAt)) : ''}</p>`
    + (pending ? `<div class="toolbar"><b class="warn">Supervised: this plan waits for an operator.</b>`
      + (can('operator') ? ` <button id="confirm-${i}">Confirm plan</button>`
        : ' <span class="muted">(confirming needs the role operator)</span>')
      + ' <span class="muted">Not confirming rejects it: it is never written and expires; the REST API has no '
      + 'separate reject.</span><span id="confirm-msg-${i}"></span></div>' : '')
    + `<h3>Setpoints per asset</h3><div id="plan-chart-${i}" class="chart plan-chart"></div>`
    + `<h3>Explanation</h3><p>${esc(x.summary)}</p>`
    + (x.bindingConstraints && x.bindingConstraints.length
      ? `<p>Binding constraints:</p><ul>${x.bindingConstraints.map(b => `<li>${esc(b)}</li>`).join('')}</ul>`
      : '<p class="muted">No binding constraint.</p>')
    + `<h3>Per asset: reason and execution</h3>`
    + table(['asset', 'setpoint', 'reason', 'state', '#planned kW', '#commanded kW', 'clamp', 'detail', 'at'],
      (p.schedules || []).map(s => {
        const e = s.execution || {};
        return [td(s.assetId), td(s.setpoint), td(s.reason), tds(e.state || ''),
          `<td class="num">${num((e.plannedW ?? (s.setpointsW || [])[0]) / 1000, 1)}</td>`,
          `<td class="num">${e.commandedW == null ? '–' : num(e.commandedW / 1000, 1)}</td>`,
          td(e.clamped ? e.clampReason : ''), td(e.detail), td(time(e.at))];
      }))
    + `<h3>Grid flows in the plan</h3><div id="plan-flows-${i}" class="chart"></div>`
    + `<h3>State of charge</h3><div id="plan-soc-${i}" class="chart"></div>`;
  timeChart(document.getElementById(`plan-chart-${i}`), {
    step: true,
    lines: (p.schedules || []).map(s => ({ name: s.assetId, data: regular(p.start, p.step, s.setpointsW || []) })),
  });
  const series = x.series || {};
  const flows = Object.keys(series).filter(k => k.endsWith('.W'));
  const limits = (community ? community.feeders || [] : []).flatMap(f => [
    { name: `${f.id} import limit`, value: f.importLimitW }, { name: `${f.id} export limit`, value: -f.exportLimitW }]);
  timeChart(document.getElementById(`plan-flows-${i}`), {
    step: true, markLines: limits,
    lines: flows.map(k => ({ name: k.slice(0, -2), data: regular(p.start, p.step, series[k]) })),
  });
  const socs = Object.keys(series).filter(k => k.endsWith('.Wh'));
  timeChart(document.getElementById(`plan-soc-${i}`), {
    unit: 'kWh',
    lines: socs.map(k => ({ name: k.slice(0, -3), data: regular(p.start, p.step, series[k].map(v => v / 1000)) })),
  });
  const btn = document.getElementById(`confirm-${i}`);
  if (btn) btn.onclick = async () => {
    btn.disabled = true;
    const msg = document.getElementById(`confirm-msg-${i}`);
    try {
      const r = await api(`/plans/${encodeURIComponent(p.id)}/confirm`, { method: 'POST', body: {} });
      document.getElementById('plans-msg').innerHTML = `<p class="note">Plan <code>${esc(p.id)}</code> `
        + `<b class="up">${esc(r.approval)}</b> by ${esc(r.confirmedBy)} at ${esc(time(r.confirmedAt))}.</p>`;
      msg.innerHTML = ` <b class="up">${esc(r.approval)}</b>`;
    } catch (e) {
      msg.innerHTML = ` <b class="down">${esc(e.message)}</b>`;
      btn.disabled = false;
    }
  };
}

// ---------------------------------------------------------------------------------------------------------------
async function statements(el) {
  const me = who();
  if (!can(...STAFF)) {
    if (!(me.roles.includes('member') && me.member)) { el.innerHTML = needs([...STAFF, 'member (own statement)']);
      return; }
    try {
      el.innerHTML = statementHtml(await api(`/statements/${encodeURIComponent(me.member)}`));
    } catch (e) {
      el.innerHTML = e.status === 404 ? `<p class="muted">${esc(e.message)}</p>` : failed(e);
    }
    return;
  }
  const { communities } = await api('/allocations');
  const periods = Object.entries(communities).flatMap(([c, ps]) => ps.map(p => ({ community: c, ...p })));
  if (!periods.length) {
    el.innerHTML = '<p class="muted">Nothing settled yet: the loop settles each day after it ends (in the demo at '
      + '<code>--speed 60</code>, after one simulated day).</p>';
    return;
  }
  el.innerHTML = '<h2>Settled periods</h2>' + table(['community', 'period', 'versions', 'latest method', 'policy'],
    periods.map((p, i) => {
      const v = p.versions[p.versions.length - 1];
      return [td(p.community), `<td><a href="#" data-period="${i}">${esc(p.period)}</a></td>`,
        td(p.versions.map(x => 'v' + x.version).join(', ')), td(v.method), td(v.policy)];
    })) + '<div id="period"></div>';
  const show = async i => {
    const p = periods[i];
    const q = `period=${encodeURIComponent(p.period)}`;
    const c = encodeURIComponent(p.community);
    const run = await api(`/allocations/${c}?${q}`);
    const diff = p.versions.length > 1 ? await api(`/allocations/${c}/diff?${q}`) : null;
    const box = document.getElementById('period');
    const members = run.members || [];
    box.innerHTML = `<h2>${esc(p.community)} · ${esc(p.period)} · version ${esc(run.version)}</h2>`
      + `<p class="muted">${esc(run.method)} · ${esc(run.strategy)} · recorded ${esc(time(run.recordedAt))}</p>`
      + ((run.notes || []).length ? `<ul>${run.notes.map(n => `<li>${esc(n)}</li>`).join('')}</ul>` : '')
      + (diff ? `<h3>Corrections from version ${esc(diff.fromVersion)} to ${esc(diff.toVersion)}</h3>`
        + table(['member', 'interval', '#consumption Wh before', '#after', '#allocated Wh before', '#after',
          '#value EUR before', '#after'], (diff.lines || []).map(l => [td(l.memberId), td(time(l.intervalStart)),
          tdn(l.consumptionWhBefore), tdn(l.consumptionWhAfter), tdn(l.allocatedWhBefore), tdn(l.allocatedWhAfter),
          tdn(l.valueEurBefore, 2), tdn(l.valueEurAfter, 2)]), 'no line changed')
        + table(['member', '#share EUR before', '#after'], (diff.shares || []).map(s => [td(s.memberId),
          tdn(s.valueEurBefore, 2), tdn(s.valueEurAfter, 2)]), 'no share changed') : '')
      + `<h3>Member statement</h3><select id="member">${members.map(m => `<option>${esc(m)}</option>`).join('')}`
      + '</select><div id="statement"></div>';
    const sel = document.getElementById('member');
    const one = async () => {
      const s = await api(`/statements/${encodeURIComponent(sel.value)}?community=${c}&${q}`);
      document.getElementById('statement').innerHTML = statementHtml(s);
    };
    sel.onchange = one;
    if (members.length) await one();
  };
  el.querySelectorAll('[data-period]').forEach(a => a.onclick = e => { e.preventDefault(); show(+a.dataset.period); });
  await show(periods.length - 1);
}

function statementHtml(s) {
  return `<h3>${esc(s.memberId)} · ${esc(s.communityId)} ${esc(s.period)} · version ${esc(s.version)}</h3>`
    + '<div class="cards">'
    + `<div class="card">consumption<div class="big">${num(s.consumptionWh / 1000, 1)} kWh</div></div>`
    + `<div class="card">generation<div class="big">${num(s.generationWh / 1000, 1)} kWh</div></div>`
    + `<div class="card">allocated<div class="big">${num(s.allocatedWh / 1000, 1)} kWh</div></div>`
    + `<div class="card">value<div class="big">${num(s.valueEur, 2)} EUR</div></div>`
    + (s.shareEur != null ? `<div class="card">share<div class="big">${num(s.shareEur, 2)} EUR</div></div>` : '')
    + '</div>'
    + (s.previousVersion != null ? `<p>Changed against version ${esc(s.previousVersion)}:</p><pre>`
      + `${esc(JSON.stringify(s.changes, null, 1))}</pre>` : '')
    + ((s.notes || []).length ? `<ul>${s.notes.map(n => `<li>${esc(n)}</li>`).join('')}</ul>` : '')
    + table(['interval', '#consumption Wh', '#generation Wh', '#allocated Wh', '#value EUR', 'rule'],
      (s.lines || []).map(l => [td(time(l.intervalStart)), tdn(l.consumptionWh), tdn(l.generationWh),
        tdn(l.allocatedWh), tdn(l.valueEur, 3), td(l.rule)]));
}

// ---------------------------------------------------------------------------------------------------------------
async function approvals(el) {
  if (!can(...STAFF)) { el.innerHTML = needs(STAFF); return; }
  const lead = can('governance-lead');
  const operator = can('operator');
  el.innerHTML = `<p class="muted">A policy change is a proposal (operators propose); it takes effect only when a `
    + `governance lead who is another person than the proposer approves it.</p><div id="queue"></div>`
    + (operator ? '<h2>Propose a policy</h2><form id="propose"><label>Policy (JSON)<textarea id="policy" rows="8">'
      + '</textarea></label><label>Effective from (ISO-8601, empty: now) <input id="effective" size="30"></label>'
      + '<button type="submit">Propose</button> <span id="propose-msg"></span></form>'
      : '<p class="muted">Proposing needs the role operator.</p>');
  const load = async () => {
    const ps = ((await api('/governance/proposals')).proposals || []).slice().sort((a, b) => b.id - a.id);
    const queue = document.getElementById('queue');
    const pending = ps.filter(p => p.state === 'PROPOSED');
    queue.innerHTML = `<h2>Waiting for approval (${pending.length})</h2>` + proposalTable(pending, lead, true)
      + `<h2>Decided</h2>` + proposalTable(ps.filter(p => p.state !== 'PROPOSED'), false, false);
    queue.querySelectorAll('[data-decide]').forEach(b => b.onclick = async () => {
      const [id, what] = b.dataset.decide.split(':');
      const msg = document.getElementById(`msg-${id}`);
      const body = what === 'reject' ? { reason: prompt('Reason for rejecting?') || 'rejected in the console' } : {};
      try {
        await api(`/governance/proposals/${id}/${what}`, { method: 'POST', body });
        await load();
      } catch (e) {
        msg.innerHTML = `<span class="down refused">${esc(e.message)}</span>`;
      }
    });
  };
  await load();
  const form = document.getElementById('propose');
  if (form) form.onsubmit = async e => {
    e.preventDefault();
    const msg = document.getElementById('propose-msg');
    try {
      const body = { policy: JSON.parse(document.getElementById('policy').value) };
      const eff = document.getElementById('effective').value.trim();
      if (eff) body.effectiveFrom = eff;
      const r = await api('/governance/proposals', { method: 'POST', body });
      msg.innerHTML = `<span class="up">proposal ${esc(r.proposal.id)} made</span>`;
      await load();
    } catch (err) {
      msg.innerHTML = `<span class="down">${esc(err.message)}</span>`;
    }
  };
}

function proposalTable(ps, lead, actions) {
  return table(['id', 'policy', 'version', 'proposed by', 'at', 'effective from', 'state', 'decided by', 'reason',
    'content', ...(actions ? ['action'] : [])], ps.map(p => [td(p.id), td(p.policyId), td(p.version),
    td(p.proposedBy), td(time(p.proposedAt)), td(time(p.effectiveFrom)), tds(p.state), td(p.decidedBy || ''),
    td(p.reason || ''), `<td><details><summary>policy</summary><pre>${esc(p.content)}</pre></details></td>`,
    ...(actions ? [`<td>${lead ? `<button data-decide="${p.id}:approve">Approve</button> `
      + `<button data-decide="${p.id}:reject">Reject</button>` : '<span class="muted">a governance lead decides'
      + '</span>'}<div id="msg-${p.id}"></div></td>`] : [])]), 'none');
}

// ---------------------------------------------------------------------------------------------------------------
async function strategies(el) {
  if (!can(...READ)) { el.innerHTML = needs(READ); return; }
  const list = (await api('/strategies')).strategies || [];
  const operator = can('operator');
  const roles = [...new Set(list.map(s => s.role))];
  const step = (s, what, label) => `<button data-step="${esc(what)}" data-role="${esc(s.role)}" `
    + `data-name="${esc(s.name)}" data-version="${esc(s.version)}">${esc(label)}</button>`;
  const actions = s => {
    if (!operator) return '<span class="muted">operators decide</span>';
    if (s.state === 'quarantined') return '<span class="muted">deploy a fixed version</span>';
    if (s.state === 'active') {
      return list.some(x => x.role === s.role && x.state === 'retired')
        ? `<button data-rollback="${esc(s.role)}">Roll back</button>` : '<span class="muted">active</span>';
    }
    return (s.state === 'shadow' ? '' : step(s, 'shadow', 'Shadow') + ' ')
      + step(s, 'promote', s.governed ? 'Promote (needs approval)' : 'Promote');
  };
  const comparisons = await Promise.all(roles.filter(r => list.some(s => s.role === r && s.state === 'shadow'))
    .map(r => api(`/strategies/${r}/comparison?points=true`).catch(e => ({ role: r, error: e.message }))));
  el.innerHTML = '<p class="muted">A deployed version is a candidate; in shadow it gets the active strategy\'s '
    + 'inputs at every cycle and its outputs are stored, never executed; promoted it becomes active and the one '
    + 'before retires; a rollback brings that one back. A strategy that throws, overruns its time budget or '
    + 'returns invalid output is quarantined and the one before keeps running. Where a role is governed '
    + '(allocation; dispatch in autonomous communities) a promotion is a proposal a governance lead approves '
    + 'under <a href="/approvals" data-nav>Approvals</a>.</p>'
    + roles.map(r => `<h2>${esc(r)}</h2>` + table(['strategy', 'version', 'state', 'since', 'why', 'bundle',
      'action'], list.filter(s => s.role === r).map(s => [td(s.name), td(s.version), tds(s.state),
      td(time(s.stateSince)), td(s.reason), td(s.bundle), `<td>${actions(s)}<div class="msg"></div></td>`])))
      .join('')
    + comparisons.map(c => `<h2>Shadow comparison: ${esc(c.role)}</h2>` + (c.error ? `<p class="muted">`
      + `${esc(c.error)}</p>` : `<p>${esc(c.shadow)} in shadow against ${esc(c.active)} · ${num(c.cycles)} cycles `
      + `from ${esc(time(c.from))} to ${esc(time(c.to))}${c.note ? ' · ' + esc(c.note) : ''}</p>`
      + table(['figure', 'subject', 'unit', 'active', 'shadow', 'shadow − active', 'samples'], (c.figures || [])
        .map(f => [td(f.name), td(f.subject), td(f.unit), tdn(f.active, 3), tdn(f.shadow, 3),
          tdn(f.difference, 3), tdn(f.samples)]), 'no figures yet')
      + [...new Set((c.points || []).map(p => p.subject))].map((subject, i) =>
        `<h3>${esc(subject)}: actual, active and shadow</h3><div class="chart" id="cmp-${esc(c.role)}-${i}"></div>`)
        .join(''))).join('');
  // One chart per subject; several runs may have said something of the same step: the newest counts.
  for (const c of comparisons.filter(x => x.points)) {
    [...new Set(c.points.map(p => p.subject))].forEach((subject, i) => {
      const byTime = new Map();
      c.points.filter(p => p.subject === subject).forEach(p => byTime.set(Date.parse(p.time), p));
      const at = [...byTime.keys()].sort((a, b) => a - b);
      const line = (name, key, dashed) => ({ name, dashed, data: at.map(t => [t, byTime.get(t)[key]]) });
      timeChart(document.getElementById(`cmp-${c.role}-${i}`), { step: true, lines: [line('actual', 'actual'),
        line(`active ${c.active}`, 'active', true), line(`shadow ${c.shadow}`, 'shadow', true)] });
    });
  }
  const done = (b, html) => { b.parentElement.querySelector('.msg').innerHTML = html; };
  el.querySelectorAll('[data-step]').forEach(b => b.onclick = async () => {
    const d = b.dataset;
    b.disabled = true;
    try {
      const r = await api(`/strategies/${d.role}/${encodeURIComponent(d.name)}/${encodeURIComponent(d.version)}`
        + `/${d.step}`, { method: 'POST' });
      done(b, r.pending
        ? `<span class="warn">proposed (proposal ${esc(r.proposal)}): a governance lead approves it under `
          + '<a href="/approvals" data-nav>Approvals</a></span>'
        : `<span class="up">${esc(r.strategy.name)} ${esc(r.strategy.version)} is ${esc(r.strategy.state)}</span>`);
      if (!r.pending) setTimeout(() => strategies(el), 800);
    } catch (e) {
      done(b, `<span class="down">${esc(e.message)}</span>`);
      b.disabled = false;
    }
  });
  el.querySelectorAll('[data-rollback]').forEach(b => b.onclick = async () => {
    b.disabled = true;
    try {
      const r = await api(`/strategies/${b.dataset.rollback}/rollback`, { method: 'POST' });
      done(b, `<span class="up">${esc(r.strategy.name)} ${esc(r.strategy.version)} is active again</span>`);
      setTimeout(() => strategies(el), 800);
    } catch (e) {
      done(b, `<span class="down">${esc(e.message)}</span>`);
      b.disabled = false;
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
async function devices(el) {
  if (!can(...READ)) { el.innerHTML = needs(READ); return; }
  every(5000, async () => {
    const list = (await api('/devices')).devices || [];
    const online = list.filter(d => d.state === 'ONLINE').length;
    el.innerHTML = `<p>${online} of ${list.length} devices online · drivers `
      + `${esc([...new Set(list.map(d => d.driver))].sort().join(', '))}</p>`
      + table(['device', 'driver', 'state', 'reason', 'since', '#points', '#reads', '#reads/s', '#errors',
        '#reconnects', '#last read ms', '#gaps', 'last gap'], list.map(d => [td(d.name), td(d.driver), tds(d.state),
        td(d.reason), td(time(d.since)), tdn(d.points), tdn(d.reads), tdn(d.readsPerSecond, 2), tdn(d.errors),
        tdn(d.reconnects), tdn(d.lastReadMillis, 2), tdn(Object.values(d.gaps || {}).reduce((a, b) => a + b, 0)),
        td(d.lastGapFrom ? `${time(d.lastGapFrom)} – ${time(d.lastGapTo)}` : '')]), 'no devices configured');
  });
}

async function quarantine(el) {
  if (!can(...STAFF)) { el.innerHTML = needs(STAFF); return; }
  every(10000, async () => {
    const q = await api('/quarantine?limit=200');
    el.innerHTML = `<p>${num(q.total)} readings quarantined since start (the latest ${(q.entries || []).length} `
      + 'below): readings no mapping or check accepted, kept with the reason.</p>'
      + table(['received', 'source', 'address', 'raw', 'source time', 'reason'], (q.entries || []).map(e => [
        td(time(e.received)), td(e.source), td(e.address), td(e.raw), td(time(e.sourceTime)), td(e.reason)]),
      'nothing quarantined');
  });
}

// The triage queue: what detectors and the settlement checks filed, filtered; operators move each through its states
// (new → acknowledged → resolved or false positive; a closed one reopened), each with a comment, audited.
const ANOMALY_STATES = ['new', 'acknowledged', 'resolved', 'false_positive'];
const ANOMALY_MOVES = {
  new: [['acknowledged', 'Acknowledge'], ['resolved', 'Resolve'], ['false_positive', 'False positive']],
  acknowledged: [['resolved', 'Resolve'], ['false_positive', 'False positive']],
  resolved: [['new', 'Reopen']],
  false_positive: [['new', 'Reopen']],
};

async function anomalies(el) {
  if (!can(...READ, 'member')) { el.innerHTML = needs([...READ, 'member']); return; }
  const operator = can('operator');
  const q = new URLSearchParams(location.search);
  const select = (id, label, values) => `<label>${label} <select id="${id}"><option value="">any</option>`
    + values.map(v => `<option${q.get(id) === v ? ' selected' : ''}>${v}</option>`).join('') + '</select></label> ';
  const input = (id, label) => `<label>${label} <input id="${id}" size="14" value="${esc(q.get(id) || '')}"></label> `;
  el.innerHTML = '<p class="muted">Anomalies the detectors and the settlement checks found; a duplicate of an open '
    + 'one is folded into it (occurrences). High ones are alerts: an event on the live stream and the community\'s '
    + 'webhook.</p><div class="toolbar">'
    + select('state', 'State', ANOMALY_STATES) + select('severity', 'Severity', ['high', 'medium', 'low'])
    + input('kind', 'Kind') + input('point', 'Point') + input('member', 'Member')
    + '<button id="filter">Filter</button></div><div id="anomalies"></div>'
    + (operator ? '' : '<p class="muted">Changing a state needs the role operator.</p>');
  const load = async () => {
    const params = new URLSearchParams({ limit: '200' });
    for (const id of ['state', 'severity', 'kind', 'point', 'member']) {
      const v = document.getElementById(id).value.trim();
      if (v) params.set(id, v);
    }
    const shown = new URLSearchParams(params);
    shown.delete('limit');
    history.replaceState({}, '', shown.toString() ? `/anomalies?${shown}` : '/anomalies');
    const a = await api(`/anomalies?${params}`);
    const box = document.getElementById('anomalies');
    box.innerHTML = `<p>${num(a.total)} anomalies${a.total > (a.anomalies || []).length ? ' (the latest '
      + (a.anomalies || []).length + ' below)' : ''}</p>`
      + table(['id', 'last seen', 'community', 'kind', 'severity', 'state', 'points', 'members', 'evidence',
        '#seen', 'why', ...(operator ? ['action'] : [])], (a.anomalies || []).map(x => [td(x.id),
        td(time(x.lastSeen)), td(x.community), td(x.kind), tds(x.severity), tds(x.state), td(x.points.join(', ')),
        td(x.members.join(', ')), td(`${time(x.from)} – ${time(x.to)}`), tdn(x.occurrences),
        `<td>${esc(x.explanation)}${x.history.length ? '<details><summary>history</summary>' + x.history.map(t =>
          `<div>${esc(time(t.time))} ${esc(t.user)}: ${esc(t.from)} → ${esc(t.to)}: ${esc(t.comment)}</div>`)
          .join('') + '</details>' : ''}</td>`,
        ...(operator ? [`<td>${(ANOMALY_MOVES[x.state] || []).map(([to, label]) =>
          `<button data-move="${x.id}:${to}">${label}</button>`).join(' ')}<div id="amsg-${x.id}"></div></td>`]
          : [])]), 'no anomalies');
    box.querySelectorAll('[data-move]').forEach(b => b.onclick = async () => {
      const [id, state] = b.dataset.move.split(':');
      const comment = prompt(`Why is anomaly ${id} ${state.replace('_', ' ')}?`);
      if (!comment) return;
      try {
        await api(`/anomalies/${id}/state`, { method: 'POST', body: { state, comment } });
        await load();
      } catch (e) {
        document.getElementById(`amsg-${id}`).innerHTML = `<span class="down refused">${esc(e.message)}</span>`;
      }
    });
  };
  document.getElementById('filter').onclick = () => load().catch(e => {
    document.getElementById('anomalies').innerHTML = failed(e);
  });
  await load();
}

async function audit(el) {
  if (!can(...STAFF)) { el.innerHTML = needs(STAFF); return; }
  const q = new URLSearchParams(location.search);
  el.innerHTML = '<div class="toolbar"><label>Subject '
    + `<input id="subject" size="40" value="${esc(q.get('subject') || '')}">`
    + '</label><button id="filter">Filter</button></div><div id="verify"></div><div id="entries"></div>'
    + '<h2>Governance log</h2><div id="gov"></div>';
  const load = async () => {
    const subject = document.getElementById('subject').value.trim();
    history.replaceState({}, '', subject ? `/audit?subject=${encodeURIComponent(subject)}` : '/audit');
    const v = await api('/audit/verify');
    document.getElementById('verify').innerHTML = `<p>Audit trail <b class="${v.intact ? 'up' : 'down'}">`
      + `${v.intact ? 'intact' : 'BROKEN'}</b> · ${num(v.entries)} entries`
      + `${v.problem ? ' · ' + esc(v.problem) : ''}</p>`;
    const a = await api(`/audit?limit=200${subject ? '&subject=' + encodeURIComponent(subject) : ''}`);
    document.getElementById('entries').innerHTML = table(['#', 'at', 'actor', 'channel', 'action', 'subject',
      'outcome', 'detail'], (a.entries || []).map(e => [td(e.seq), td(time(e.at)), td(e.actor), td(e.channel),
      td(e.action), td(e.subject), td(e.outcome), td(e.detail)]), 'no entries');
    const g = await api('/governance/audit').catch(() => null);
    document.getElementById('gov').innerHTML = g ? `<p>Governance log <b class="${g.intact ? 'up' : 'down'}">`
      + `${g.intact ? 'intact' : 'BROKEN'}</b>${g.problem ? ' · ' + esc(g.problem) : ''}</p>`
      + table(['#', 'at', 'actor', 'action', 'subject', 'detail'], (g.entries || []).slice(-50).reverse().map(e => [
        td(e.seq), td(time(e.at)), td(e.actor), td(e.action), td(e.subject), td(e.detail)]), 'no entries')
      : '<p class="muted">policy governance is not running</p>';
  };
  document.getElementById('filter').onclick = load;
  await load();
}

// ---------------------------------------------------------------------------------------------------------------
// What-if drills on the live community (docs/drills.md): operators run one on the loop's current scenario and may
// propose its recommended battery reserve (a governance lead approves it under Approvals); staff read the reports.
const DRILL_KINDS = {
  outage: 'Grid outage (island)',
  contingency: 'Feeder/transformer contingency',
  'price-spike': 'Price spike',
  'device-loss': 'Loss of a device or driver',
};

/** The drill (docs/drill-scenario.schema.json, without scenario) the form describes. */
function drillOf(f) {
  const event = { type: f.kind.value };
  if (f.from.value.trim()) event.from = f.from.value.trim();
  if (f.hours.value.trim()) event.hours = Number(f.hours.value);
  if (event.type === 'contingency') event.limitPercent = Number(f.limit.value);
  if (event.type === 'price-spike') event.importEurPerKWh = Number(f.price.value);
  if (event.type === 'device-loss') event.assets = f.assets.value.split(',').map(a => a.trim()).filter(a => a);
  return {
    id: f.drill.value.trim() || 'console-drill',
    events: [event],
    loads: { default: { criticalShare: Number(f.share.value), criticalW: Number(f.watts.value) } },
    runs: Number(f.runs.value),
    timeBudgetSeconds: 20,
  };
}

const spread = (s, d = 1) => s ? `${num(s.p10, d)} / ${num(s.p50, d)} / ${num(s.p90, d)}` : '–';

function drillResult(run, operator) {
  const r = run.result;
  const c = r.communityFigures;
  const rec = r.recommendation || {};
  return `<p>Drill <b>${esc(r.drill)}</b> (run ${esc(run.id)}) on ${esc(run.community)} by ${esc(run.requestedBy)} at `
    + `${esc(time(run.at))} · ${esc(r.method)} · ${num(r.runsCompleted)} of ${num(r.runsRequested)} samples in `
    + `${num(r.elapsedMillis / 1000, 1)} s${r.budgetExhausted ? ' (time budget spent)' : ''} · window `
    + `${esc(time(r.windowStart))} – ${esc(time(r.windowEnd))}</p><div class="cards">`
    + `<div class="card">critical loads survive, P10 / P50 / P90<div class="big">${spread(c.survivalHours)} h</div>`
    + `<div class="muted">${num(100 * c.survivesWindowShare)} % of samples survive the window</div></div>`
    + `<div class="card">critical energy not served<div class="big">${spread(c.criticalNotServedKWh)} kWh</div></div>`
    + `<div class="card">all energy not served<div class="big">${spread(c.notServedKWh)} kWh</div></div>`
    + `<div class="card">recommended reserve<div class="big">${rec.reserveWh == null ? '–'
      : num(rec.reserveWh / 1000, 2) + ' kWh'}</div>${rec.reserveShare == null ? ''
      : `<div class="muted">${num(100 * rec.reserveShare)} % of usable</div>`}</div></div>`
    + '<p><button id="drill-html">HTML report</button> '
    + (operator && run.reserveProposable ? '<button id="drill-propose">Propose this reserve</button> ' : '')
    + '<span id="drill-msg"></span></p>'
    + '<h2>Shed order</h2>'
    + table(['#', 'loads', 'members', '#shed in % of samples', '#from (h, P50)', '#kWh shed (P50)'],
      (rec.shedOrder || []).map(s => [td(s.order), td(s.priority), td((s.members || []).join(', ')),
        tdn(100 * s.shedShare), tdn(s.firstShedHoursP50, 1), tdn(s.shedKWhP50, 2)]), 'nothing is shed')
    + (rec.preCharge ? `<h2>Pre-charge</h2><p>${esc(rec.preCharge.explanation)}</p>` : '')
    + `<h2>Why</h2><ul>${(rec.explanation || []).map(x => `<li>${esc(x)}</li>`).join('')}</ul>`
    + '<h2>Members</h2>'
    + table(['member', '#critical W', '#critical share', '#priority', 'survival h P10/P50/P90',
      'critical not served kWh', 'not served kWh'], (r.members || []).map(m => [td(m.member), tdn(m.criticalW),
      tdn(m.criticalShare, 2), tdn(m.shedPriority), td(spread(m.survivalHours)), td(spread(m.criticalNotServedKWh)),
      td(spread(m.notServedKWh))]), 'no members');
}

async function drills(el) {
  if (!can(...STAFF)) { el.innerHTML = needs(STAFF); return; }
  const operator = can('operator');
  el.innerHTML = '<p class="muted">A drill asks what an outage, a contingency, a price spike or a lost device would '
    + 'do to the community as it is now: the loop\'s current scenario (batteries at their measured state of charge, '
    + 'forecasts and their spread, prices, limits), over Monte Carlo samples of the forecast error. Its recommended '
    + 'battery reserve can be proposed as the community\'s dispatch policy; a governance lead approves it under '
    + '<a href="/approvals" data-nav>Approvals</a>, and the loop then holds it in every plan.</p>'
    + (operator ? '<h2>Run a drill on the live state</h2><form id="drill-form" class="toolbar">'
      + '<label>Name <input name="drill" size="16" value="console-drill"></label> '
      + `<label>What <select name="kind">${Object.entries(DRILL_KINDS).map(([k, v]) =>
        `<option value="${k}">${esc(v)}</option>`).join('')}</select></label> `
      + '<label>From (ISO-8601, empty: now) <input name="from" size="22"></label> '
      + '<label>Hours <input name="hours" size="4" value="6"></label> '
      + '<label>Limit % <input name="limit" size="4" value="50"></label> '
      + '<label>Import EUR/kWh <input name="price" size="4" value="3"></label> '
      + '<label>Assets <input name="assets" size="14" placeholder="shared-bat"></label> '
      + '<label>Critical share <input name="share" size="4" value="0.2"></label> '
      + '<label>Critical W <input name="watts" size="5" value="150"></label> '
      + '<label>Samples <input name="runs" size="5" value="200"></label> '
      + '<label>Community <input name="community" size="8" placeholder="the only one"></label> '
      + '<button type="submit">Run drill</button> <span id="drill-run-msg"></span></form>'
      : '<p class="muted">Running a drill needs the role operator.</p>')
    + '<div id="drill-result"></div><h2>Recent drills</h2><div id="drill-list"></div>';
  const show = run => {
    const box = document.getElementById('drill-result');
    box.innerHTML = drillResult(run, operator);
    const msg = document.getElementById('drill-msg');
    document.getElementById('drill-html').onclick = () => openPage(`/drills/${encodeURIComponent(run.id)}/report.html`)
      .catch(e => { msg.innerHTML = `<span class="down">${esc(e.message)}</span>`; });
    const propose = document.getElementById('drill-propose');
    if (propose) propose.onclick = async () => {
      propose.disabled = true;
      try {
        const r = await api(`/drills/${encodeURIComponent(run.id)}/propose`, { method: 'POST', body: {} });
        msg.innerHTML = `<span class="warn">proposed: ${esc(r.proposal.policyId)} version ${esc(r.proposal.version)} `
          + `(proposal ${esc(r.proposal.id)}); a governance lead approves it under `
          + '<a href="/approvals" data-nav>Approvals</a></span>';
      } catch (e) {
        msg.innerHTML = `<span class="down">${esc(e.message)}</span>`;
        propose.disabled = false;
      }
    };
  };
  const list = async () => {
    const runs = (await api('/drills')).drills || [];
    const box = document.getElementById('drill-list');
    box.innerHTML = table(['run', 'drill', 'community', 'by', 'at', 'reserve', ''], runs.map(d => [td(d.id),
      td(d.drill), td(d.community), td(d.requestedBy), td(time(d.at)), td(d.reserveProposable ? 'yes' : '–'),
      `<td><button data-drill="${esc(d.id)}">Show</button></td>`]), 'no drills run since the hub started');
    box.querySelectorAll('[data-drill]').forEach(b => b.onclick = async () => {
      try { show(await api(`/drills/${encodeURIComponent(b.dataset.drill)}`)); } catch (e) {
        document.getElementById('drill-result').innerHTML = failed(e);
      }
    });
  };
  const form = document.getElementById('drill-form');
  if (form) form.onsubmit = async e => {
    e.preventDefault();
    const msg = document.getElementById('drill-run-msg');
    const button = form.querySelector('button');
    button.disabled = true;
    msg.innerHTML = '<span class="muted">running…</span>';
    try {
      const c = form.community.value.trim();
      const run = await api(`/drills${c ? '?community=' + encodeURIComponent(c) : ''}`,
        { method: 'POST', body: drillOf(form) });
      msg.innerHTML = '';
      show(run);
      await list();
    } catch (err) {
      msg.innerHTML = `<span class="down">${esc(err.message)}</span>`;
    } finally {
      button.disabled = false;
    }
  };
  await list();
}

export const PAGES = [
  { path: '/', title: 'Overview', render: overview },
  { path: '/points', title: 'Points', render: points },
  { path: '/forecasts', title: 'Forecasts', render: forecasts },
  { path: '/plans', title: 'Plans', render: plans },
  { path: '/statements', title: 'Statements', render: statements },
  { path: '/approvals', title: 'Approvals', render: approvals },
  { path: '/drills', title: 'Drills', render: drills },
  { path: '/strategies', title: 'Strategies', render: strategies },
  { path: '/devices', title: 'Devices', render: devices },
  { path: '/quarantine', title: 'Quarantine', render: quarantine },
  { path: '/anomalies', title: 'Anomalies', render: anomalies },
  { path: '/audit', title: 'Audit', render: audit },
];
