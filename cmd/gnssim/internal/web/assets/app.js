// gnssim serve — the page's script. Vanilla ES2020, no dependencies, nothing
// from the network but this server's /api/v1/. The CSP forbids inline script
// and style: all styling goes through classes, element.style and SVG
// attributes; all API text is inserted with textContent, never innerHTML.
'use strict';

(() => {
  const SVGNS = 'http://www.w3.org/2000/svg';
  const API = '/api/v1/';

  const SYSTEM_COLOURS = {
    glonass: '#c0392b',
    beidou: '#d4a017',
    gps: '#2e6fd8',
    galileo: '#2a9d4b',
    qzss: '#8e44ad',
    navic: '#e67e22',
    sbas: '#7f8c8d',
  };
  const COMBINED_COLOUR = '#222';
  const SYSTEM_LABELS = {
    glonass: 'GLONASS', beidou: 'BeiDou', gps: 'GPS', galileo: 'Galileo',
    qzss: 'QZSS', navic: 'NavIC', sbas: 'SBAS',
  };
  const DEFAULT_SERVICES = ['LPV-200', 'LPV-250', 'RNP-0.3', 'RNP-0.1'];
  const DEFAULT_QUANTITIES = ['availability', 'mean_pdop', 'mean_visible', 'min_visible', 'max_pdop'];

  // Which query parameters each endpoint takes (the server refuses unknown ones).
  const ENDPOINT_PARAMS = {
    compare: ['site', 'systems', 'start', 'duration', 'step', 'mask', 'horizon', 'clock', 'isb_sigma', 'weighting', 'pdop_max'],
    dop: ['site', 'systems', 'start', 'duration', 'step', 'mask', 'horizon', 'clock', 'isb_sigma', 'weighting'],
    skyplot: ['site', 'systems', 'start', 'duration', 'step', 'mask', 'horizon'],
    coverage: ['systems', 'start', 'duration', 'step', 'mask', 'horizon', 'clock', 'isb_sigma', 'weighting', 'pdop_max'],
    window: ['site', 'systems', 'start', 'duration', 'step', 'mask', 'horizon', 'clock', 'isb_sigma', 'weighting'],
    integrity: ['site', 'systems', 'start', 'duration', 'step', 'mask', 'horizon', 'clock', 'isb_sigma'],
    'spectrum/psd': [],
    'spectrum/cn0': ['site', 'systems', 'start', 'duration', 'step', 'mask', 'horizon'],
  };

  // Control that a parameter named by an API error belongs to.
  const PARAM_FIELD = {
    site: 'lat', systems: null, start: 'start', duration: 'duration', step: 'step',
    mask: 'mask', horizon: 'horizon', clock: 'clock', isb_sigma: 'isb-sigma',
    weighting: 'weighting', pdop_max: 'pdop-max', region: 'region', grid: 'grid',
    plot_quantity: 'plot-quantity', length: 'window-length', by: 'window-by',
    service: 'service', band: 'band', victim: 'victim',
  };

  const VIEW_LABELS = {
    compare: 'compare', dop: 'dop (combination)', skyplot: 'skyplot',
    window: 'window', integrity: 'integrity', coverage: 'coverage',
    psd: 'spectrum psd', cn0: 'spectrum cn0',
  };
  const VIEW_ORDER = ['compare', 'dop', 'skyplot', 'window', 'integrity', 'coverage', 'psd', 'cn0'];

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------------
  // JSON with the numbers' source text kept: the tables show the API's
  // numbers exactly as written (1.170 stays 1.170). Each parsed object gets
  // a non-enumerable RAW map from key to the number's JSON text.

  const RAW = Symbol('raw');
  const NUM_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const STR_RE = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

  function parseJSONRaw(text) {
    let i = 0;
    const n = text.length;
    const fail = (what) => { throw new SyntaxError(`invalid JSON (${what}) at offset ${i}`); };
    const ws = () => {
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 32 || c === 10 || c === 13 || c === 9) i++; else break;
      }
    };
    let lastRaw = '';
    const str = () => {
      STR_RE.lastIndex = i;
      const m = STR_RE.exec(text);
      if (!m) fail('string');
      i += m[0].length;
      return m[0].indexOf('\\') < 0 ? m[0].slice(1, -1) : JSON.parse(m[0]);
    };
    const lit = (word, v) => {
      if (text.startsWith(word, i)) { i += word.length; return v; }
      return fail('literal');
    };
    const value = () => {
      ws();
      const c = text.charCodeAt(i);
      if (c === 123) { // {
        i++;
        const obj = {};
        let raw = null;
        ws();
        if (text.charCodeAt(i) === 125) { i++; return obj; }
        for (;;) {
          ws();
          if (text.charCodeAt(i) !== 34) fail('key');
          const k = str();
          ws();
          if (text.charCodeAt(i) !== 58) fail('colon');
          i++;
          const v = value();
          if (typeof v === 'number') {
            if (!raw) raw = Object.create(null);
            raw[k] = lastRaw;
          }
          obj[k] = v;
          ws();
          const d = text.charCodeAt(i++);
          if (d === 44) continue;
          if (d === 125) break;
          fail('object');
        }
        if (raw) Object.defineProperty(obj, RAW, { value: raw });
        return obj;
      }
      if (c === 91) { // [
        i++;
        const arr = [];
        ws();
        if (text.charCodeAt(i) === 93) { i++; return arr; }
        for (;;) {
          arr.push(value());
          ws();
          const d = text.charCodeAt(i++);
          if (d === 44) continue;
          if (d === 93) break;
          fail('array');
        }
        return arr;
      }
      if (c === 34) return str();
      if (c === 116) return lit('true', true);
      if (c === 102) return lit('false', false);
      if (c === 110) return lit('null', null);
      NUM_RE.lastIndex = i;
      const m = NUM_RE.exec(text);
      if (!m) fail('value');
      i += m[0].length;
      lastRaw = m[0];
      return Number(m[0]);
    };
    const v = value();
    ws();
    if (i !== n) fail('trailing data');
    return v;
  }

  // The API's text of obj[key]: the JSON number as written, '—' for null or absent.
  function rawText(obj, key) {
    if (!obj || obj[key] === null || obj[key] === undefined) return '—';
    const raw = obj[RAW];
    if (raw && raw[key] !== undefined) return raw[key];
    return String(obj[key]);
  }

  // ---------------------------------------------------------------------
  // small DOM helpers

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVGNS, tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null) continue;
      e.setAttribute(k, String(v));
    }
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // Removes all children of an SVG but its <title>/<desc>.
  function clearSVG(node) {
    for (const c of Array.from(node.childNodes)) {
      if (c.nodeName === 'desc' || c.nodeName === 'title') continue;
      node.removeChild(c);
    }
  }

  function swatch(colour) {
    const s = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    s.style.backgroundColor = colour;
    return s;
  }

  function systemColour(system) {
    return SYSTEM_COLOURS[system] || '#555';
  }

  function variantColour(variant) {
    if (variant.includes('+')) return COMBINED_COLOUR;
    return systemColour(variant);
  }

  function variantLabel(variant) {
    return variant.split('+').map((s) => SYSTEM_LABELS[s] || s).join(' + ');
  }

  const f1 = (x) => (Math.round(x * 100) / 100).toString();
  const clamp = (x, a, b) => Math.min(b, Math.max(a, x));
  const round2 = (x) => Math.round(x * 100) / 100;

  function cleanNum(x) {
    // a coordinate for a query: no float noise, no exponent
    const r = Math.round(x * 1e6) / 1e6;
    return Object.is(r, -0) ? '0' : String(r);
  }

  function pad2(n) { return n < 10 ? '0' + n : String(n); }

  function isoUTC(ms) {
    return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
  }

  // ---------------------------------------------------------------------
  // state

  const state = {
    info: null,
    cities: [],
    inflight: 0,
    controllers: new Set(),
    gen: { run: 0, window: 0, integrity: 0, coverage: 0, psd: 0, cn0: 0 },
    current: { run: null, window: null, integrity: null, coverage: null, psd: null, cn0: null },
    psdURL: null,
    urls: {},        // view -> {path, params} of its last request (no rid, no format)
    commands: {},    // view -> X-Gnssim-Command
    notes: {},       // view -> [notes]
    regionTouched: false,
    coverageURL: null,
    // results of the last Run
    period: null,    // {t0, step, epochs, times:[ms], timeText:[string]}
    variants: [],    // [{name, rows, byEpoch:[row], maxVisible}]
    sky: null,       // {rows, byEpoch:[[row]], tracks, mask}
    windowSpan: null,  // {start, end, text, key}: the best window, drawn when key === seriesKey
    seriesKey: '',     // the combination's parameters of the series shown
    heSelected: 0,
  };

  // ---------------------------------------------------------------------
  // errors and status

  class ApiError extends Error {
    constructor(status, parameter, message) {
      super(message);
      this.status = status;
      this.parameter = parameter || '';
    }
  }

  function clearError() {
    $('error').textContent = '';
    for (const e of document.querySelectorAll('[aria-invalid="true"]')) e.removeAttribute('aria-invalid');
  }

  function showError(err, context) {
    const box = $('error');
    clear(box);
    let status = 0;
    let parameter = '';
    let message = '';
    if (err instanceof ApiError) {
      status = err.status; parameter = err.parameter; message = err.message;
    } else if (err && err.name === 'TypeError') {
      message = 'the server did not answer (' + err.message + ')';
    } else {
      message = err && err.message ? err.message : String(err);
    }
    const head = el('strong', null, (context ? context + ': ' : '') + (status ? 'error ' + status : 'error'));
    box.appendChild(head);
    box.appendChild(document.createTextNode(' — '));
    if (parameter) {
      box.appendChild(el('code', { class: 'err-param' }, parameter));
      box.appendChild(document.createTextNode(': '));
    }
    box.appendChild(el('span', { class: 'err-message' }, message));
    if (parameter) {
      const id = PARAM_FIELD[parameter];
      let field = id ? $(id) : null;
      if (parameter === 'systems') field = document.querySelector('#systems input');
      if (field) field.setAttribute('aria-invalid', 'true');
    }
  }

  function setStatus(text) {
    $('status').textContent = text;
  }

  function updateBusy() {
    const busy = state.inflight > 0;
    document.body.dataset.state = busy ? 'busy' : 'idle';
    $('cancel').disabled = !busy;
  }

  // ---------------------------------------------------------------------
  // progress (rid + /api/v1/progress polling)

  const progressJobs = new Map(); // rid -> {name, label, fraction}
  let pollTimer = null;

  function newRid(name) {
    const base = String(name).replace(/\+/g, 'x').replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40);
    return base + '-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8);
  }

  function trackProgress(rid, name) {
    progressJobs.set(rid, { name, label: name, fraction: 0 });
    renderProgress();
    if (!pollTimer) pollTimer = setTimeout(pollProgress, 300);
  }

  function untrackProgress(rid) {
    progressJobs.delete(rid);
    renderProgress();
  }

  async function pollProgress() {
    const rids = Array.from(progressJobs.keys());
    await Promise.all(rids.map(async (rid) => {
      try {
        const r = await fetch(API + 'progress?rid=' + encodeURIComponent(rid), { cache: 'no-store' });
        if (!r.ok) return;
        const p = await r.json();
        const job = progressJobs.get(rid);
        if (!job || !p) return;
        if (typeof p.fraction === 'number' && isFinite(p.fraction)) job.fraction = clamp(p.fraction, 0, 1);
        if (typeof p.label === 'string' && p.label) job.label = job.name + ': ' + p.label;
      } catch (e) { /* polling is best effort */ }
    }));
    renderProgress();
    pollTimer = progressJobs.size ? setTimeout(pollProgress, 300) : null;
  }

  function renderProgress() {
    const box = $('progress-box');
    const bar = $('progress');
    if (!progressJobs.size) {
      box.hidden = true;
      bar.value = 0;
      return;
    }
    let sum = 0;
    const labels = [];
    for (const j of progressJobs.values()) {
      sum += j.fraction;
      if (!labels.includes(j.label)) labels.push(j.label);
    }
    const frac = sum / progressJobs.size;
    bar.value = frac;
    bar.textContent = Math.round(frac * 100) + '%';
    $('progress-label').textContent = labels.join(' · ') + ' — ' + Math.round(frac * 100) + '%';
    box.hidden = false;
  }

  // ---------------------------------------------------------------------
  // API requests

  function queryString(params) {
    const q = new URLSearchParams();
    for (const [k, v] of params) q.append(k, v);
    return q.toString();
  }

  function apiURL(path, params) {
    const qs = queryString(params);
    return API + path + (qs ? '?' + qs : '');
  }

  function parseNotes(headers) {
    const h = headers.get('X-Gnssim-Note');
    if (!h) return [];
    // Several headers arrive joined by ", "; each value is percent-encoded,
    // so a raw comma only separates values.
    return h.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
      try { return decodeURIComponent(s); } catch (e) { return s; }
    });
  }

  async function errorFrom(resp) {
    let text = '';
    try { text = await resp.text(); } catch (e) { /* ignore */ }
    try {
      const j = JSON.parse(text);
      if (j && j.error) {
        return new ApiError(j.error.status || resp.status, j.error.parameter, j.error.message || resp.statusText);
      }
    } catch (e) { /* not JSON */ }
    return new ApiError(resp.status, '', (text || resp.statusText || 'request failed').slice(0, 500));
  }

  // One API request: tracked for busy state, progress (with a rid), abort.
  // kind: 'json' (numbers' text kept) or 'blob'.
  async function apiGet(view, path, params, ctl, opts) {
    const o = opts || {};
    const full = params.slice();
    let rid = null;
    if (o.progress) {
      rid = newRid(o.progressName || view);
      full.push(['rid', rid]);
    }
    state.inflight++;
    updateBusy();
    if (rid) trackProgress(rid, o.progressName || view);
    try {
      const resp = await fetch(apiURL(path, full), { signal: ctl.signal, cache: 'no-store' });
      const command = resp.headers.get('X-Gnssim-Command') || '';
      const notes = parseNotes(resp.headers);
      if (!resp.ok) throw await errorFrom(resp);
      let data;
      if (o.kind === 'blob') data = await resp.blob();
      else data = parseJSONRaw(await resp.text());
      return { data, command, notes };
    } finally {
      if (rid) untrackProgress(rid);
      state.inflight--;
      updateBusy();
    }
  }

  function isAbort(err) {
    return err && (err.name === 'AbortError' || (err instanceof DOMException && err.code === 20));
  }

  // Starts an operation of a kind (run, window, ...): supersedes (aborts) the previous one of that kind.
  function beginOp(kind) {
    const prev = state.current[kind];
    if (prev) prev.abort();
    const ctl = new AbortController();
    state.current[kind] = ctl;
    state.controllers.add(ctl);
    const gen = ++state.gen[kind];
    return { ctl, gen, live: () => state.gen[kind] === gen && !ctl.signal.aborted };
  }

  function endOp(kind, op) {
    state.controllers.delete(op.ctl);
    if (state.current[kind] === op.ctl) state.current[kind] = null;
  }

  function cancelAll() {
    for (const c of state.controllers) c.abort();
    state.controllers.clear();
    for (const k of Object.keys(state.current)) state.current[k] = null;
    setStatus('Cancelled.');
  }

  function recordView(view, path, params, result) {
    state.urls[view] = { path, params: params.slice() };
    if (result) {
      if (result.command) state.commands[view] = result.command;
      state.notes[view] = result.notes || [];
    }
    renderDownloads();
    renderCommands();
    renderNotes();
  }

  function renderDownloads() {
    for (const a of document.querySelectorAll('a.download')) {
      const view = a.dataset.view;
      const fmt = a.dataset.format;
      const u = state.urls[view];
      if (!u) {
        a.removeAttribute('href');
        a.removeAttribute('download');
        a.setAttribute('aria-disabled', 'true');
        a.title = 'run this view first';
        continue;
      }
      const params = u.params.filter(([k]) => k !== 'format' && k !== 'rid' && k !== 'download');
      params.push(['format', fmt], ['download', '1']);
      a.href = apiURL(u.path, params);
      a.setAttribute('download', '');
      a.removeAttribute('aria-disabled');
      a.title = 'download ' + fmt.toUpperCase();
    }
  }

  function renderCommands() {
    const pre = $('command');
    clear(pre);
    for (const v of VIEW_ORDER) {
      const c = state.commands[v];
      if (!c) continue;
      const line = el('span', { class: 'cmd-line', 'data-view': v });
      line.appendChild(el('span', { class: 'cmd-label' }, '# ' + VIEW_LABELS[v] + '\n'));
      line.appendChild(el('span', { class: 'cmd-text' }, c));
      line.appendChild(document.createTextNode('\n'));
      pre.appendChild(line);
    }
  }

  function renderNotes() {
    const ul = $('notes');
    clear(ul);
    const seen = new Set();
    for (const v of VIEW_ORDER) {
      for (const n of state.notes[v] || []) {
        if (seen.has(n)) continue;
        seen.add(n);
        ul.appendChild(el('li', null, n));
      }
    }
  }

  async function copyCommands() {
    const lines = [];
    for (const v of VIEW_ORDER) {
      if (state.commands[v]) lines.push(state.commands[v]);
    }
    const text = lines.join('\n');
    if (!text) { setStatus('No command yet.'); return; }
    try {
      await navigator.clipboard.writeText(text);
      setStatus('Commands copied.');
    } catch (e) {
      const ta = el('textarea', { class: 'visually-hidden', 'aria-hidden': 'true' });
      ta.value = text;
      document.body.appendChild(ta);
      ta.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (e2) { ok = false; }
      document.body.removeChild(ta);
      if (ok) {
        setStatus('Commands copied.');
      } else {
        const sel = window.getSelection();
        const range = document.createRange();
        range.selectNodeContents($('command'));
        sel.removeAllRanges();
        sel.addRange(range);
        setStatus('Select and copy the highlighted text.');
      }
    }
  }

  // ---------------------------------------------------------------------
  // controls → parameters

  function checkedSystems() {
    const out = [];
    for (const s of (state.info && state.info.systems) || Object.keys(SYSTEM_COLOURS)) {
      const box = $('sys-' + s);
      if (box && box.checked) out.push(s);
    }
    return out;
  }

  function localError(parameter, message) {
    return new ApiError(0, parameter, message);
  }

  function siteParam() {
    const lat = $('lat').value.trim();
    const lon = $('lon').value.trim();
    const h = $('height').value.trim();
    const cityName = $('city').value;
    if (cityName) {
      const c = state.cities.find((x) => x.name === cityName);
      if (c && Number(lat) === c.lat_deg && Number(lon) === c.lon_deg &&
          (h === '' || Number(h) === c.height_m)) return cityName;
    }
    if (lat === '' || lon === '') throw localError('site', 'choose a city, click the map or enter a latitude and a longitude');
    if (!isFinite(Number(lat)) || !isFinite(Number(lon))) throw localError('site', 'latitude and longitude must be numbers');
    return h === '' ? lat + ',' + lon : lat + ',' + lon + ',' + h;
  }

  function horizonText() {
    return $('horizon').value.replace(/\s+/g, '');
  }

  // All common parameters as [name, value] pairs; filtered per endpoint by params().
  function readCommon() {
    const systems = checkedSystems();
    if (!systems.length) throw localError('systems', 'choose at least one system');
    const p = {};
    p.site = siteParam();
    p.systems = systems.join(',');
    for (const id of ['start', 'duration', 'step']) {
      const v = $(id).value.trim();
      if (v) p[id] = v;
    }
    const hz = horizonText();
    if (hz) p.horizon = hz;
    else {
      const m = $('mask').value.trim();
      if (m !== '') p.mask = m;
    }
    p.clock = $('clock').value;
    const isb = $('isb-sigma').value.trim();
    if (isb !== '') p.isb_sigma = isb;
    p.weighting = $('weighting').value;
    const pm = $('pdop-max').value.trim();
    if (pm !== '') p.pdop_max = pm;
    return { p, systems };
  }

  const COMMON_ORDER = ['site', 'systems', 'start', 'duration', 'step', 'mask', 'horizon', 'clock', 'isb_sigma', 'weighting', 'pdop_max'];

  function params(endpoint, p, overrides) {
    const allowed = ENDPOINT_PARAMS[endpoint];
    const merged = Object.assign({}, p, overrides || {});
    const out = [];
    for (const k of COMMON_ORDER) {
      if (allowed.includes(k) && merged[k] !== undefined && merged[k] !== '') out.push([k, merged[k]]);
    }
    for (const [k, v] of Object.entries(overrides || {})) {
      if (!COMMON_ORDER.includes(k) && v !== undefined && v !== '') out.push([k, v]);
    }
    return out;
  }

  // ---------------------------------------------------------------------
  // Run: compare + dop per variant + skyplot, in parallel

  async function run() {
    clearError();
    let common;
    try { common = readCommon(); } catch (e) { showError(e, 'Run'); return; }
    const op = beginOp('run');
    const t0 = performance.now();
    const { p, systems } = common;
    const variants = systems.length > 1 ? systems.map((s) => [s]).concat([systems]) : [systems];
    const comboName = systems.join('+');
    setStatus('Running…');
    for (const v of ['compare', 'dop', 'skyplot']) state.notes[v] = [];
    renderNotes();

    const errors = [];
    const fail = (what) => (e) => {
      if (isAbort(e)) return;
      errors.push(e);
      // the first error of a Run is shown: the others are usually the same refusal
      if (op.live() && errors.length === 1) showError(e, what);
    };

    const cmpParams = params('compare', p);
    // the comparison is the Run's longest request: it alone carries a rid for the progress bar
    const pCompare = apiGet('compare', 'compare', cmpParams, op.ctl, { progress: true, progressName: 'compare' })
      .then((r) => {
        if (!op.live()) return;
        recordView('compare', 'compare', cmpParams, r);
        renderCompare(r.data);
      }).catch(fail('compare'));

    const dopResults = new Array(variants.length);
    const pDops = variants.map((v, i) => {
      const dp = params('dop', p, { systems: v.join(',') });
      const name = v.join('+');
      return apiGet('dop', 'dop', dp, op.ctl)
        .then((r) => {
          dopResults[i] = { name, data: r.data };
          if (name === comboName && op.live()) {
            recordView('dop', 'dop', dp, r);
            state.seriesKey = seriesKeyOf(p);
          }
        }).catch(fail('dop ' + name));
    });

    const skyParams = params('skyplot', p);
    let skyResult = null;
    const pSky = apiGet('skyplot', 'skyplot', skyParams, op.ctl)
      .then((r) => {
        skyResult = r.data;
        if (op.live()) recordView('skyplot', 'skyplot', skyParams, r);
      }).catch(fail('skyplot'));

    // The series needs every variant; the sky may come first.
    const pSeries = Promise.all(pDops).then(() => {
      if (!op.live()) return;
      const got = dopResults.filter(Boolean);
      if (got.length) setSeries(got, comboName);
    });
    const pSkyDone = Promise.all([pSky, pSeries]).then(() => {
      if (!op.live() || !skyResult) return;
      if (!dopResults.some(Boolean)) {
        // no series this time: the sky sets the period alone
        state.variants = [];
        setPeriod(periodFrom(skyResult.run, []));
        renderSeries();
      }
      setSky(skyResult);
    });

    await Promise.all([pCompare, pSeries, pSkyDone]);
    endOp('run', op);
    if (state.gen.run !== op.gen) return;
    if (op.ctl.signal.aborted) { setStatus('Cancelled.'); return; }
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    setStatus(errors.length ? 'Finished with errors (' + secs + ' s).' : 'Done in ' + secs + ' s.');
  }

  // ---------------------------------------------------------------------
  // compare table

  const COMPARE_COLS = ['mean_visible', 'min_visible', 'mean_pdop', 'p50_pdop', 'p95_pdop', 'availability_pct'];

  function renderCompare(data) {
    const tbody = $('compare-table').tBodies[0];
    clear(tbody);
    const comp = data && data.comparisons && data.comparisons[0];
    const run = data && data.run;
    $('compare-caption').textContent = run ? describeRun(run, comp) : '';
    renderCombination(comp && comp.combination);
    if (!comp || !Array.isArray(comp.variants)) return;
    for (const v of comp.variants) {
      const tr = el('tr', { 'data-variant': v.variant, class: v.variant.includes('+') ? 'combined' : null });
      const th = el('th', { scope: 'row' });
      const name = el('span', { class: 'variant-name' });
      name.appendChild(swatch(variantColour(v.variant)));
      name.appendChild(el('span', null, v.variant));
      th.appendChild(name);
      tr.appendChild(th);
      for (const q of COMPARE_COLS) {
        const t = rawText(v, q);
        tr.appendChild(el('td', { 'data-q': q, class: t === '—' ? 'num null' : 'num' }, t));
      }
      tbody.appendChild(tr);
    }
  }

  // The gain of the combination over the best single system, as the API states it.
  function renderCombination(c) {
    const out = $('compare-combination');
    clear(out);
    if (!c || typeof c !== 'object') return;
    out.appendChild(document.createTextNode(c.variant ? c.variant + ': ' : 'Combination: '));
    let first = true;
    const add = (label, key, unit) => {
      if (c[key] === undefined) return;
      if (!first) out.appendChild(document.createTextNode(' · '));
      first = false;
      out.appendChild(document.createTextNode(label + ' '));
      out.appendChild(el('span', { 'data-q': key }, rawText(c, key)));
      if (unit) out.appendChild(document.createTextNode(unit));
    };
    add('availability gain', 'availability_gain_pp', ' pp' + (c.gain_vs ? ' over ' + c.gain_vs : ''));
    add('mean PDOP ratio', 'mean_pdop_ratio', c.ratio_vs ? ' (' + c.ratio_vs + ' ÷ combination)' : '');
  }

  function describeMask(mask) {
    if (!mask) return '';
    if (Array.isArray(mask.azimuth_elevation_deg)) return 'horizon of ' + mask.azimuth_elevation_deg.length + ' points';
    if (mask.elevation_deg !== undefined) return 'mask ' + rawText(mask, 'elevation_deg') + '°';
    return '';
  }

  function describeRun(run, comp) {
    const parts = [];
    const site = (run.sites && run.sites[0]) || null;
    if (site) {
      parts.push(site.name + ' (' + rawText(site, 'lat_deg') + '°, ' + rawText(site, 'lon_deg') + '°, ' +
        rawText(site, 'height_m') + ' m)');
    } else if (comp && comp.name) parts.push(comp.name);
    if (run.period) {
      parts.push(run.period.start_utc + ' – ' + run.period.end_utc + ', step ' + rawText(run.period, 'step_s') +
        ' s, ' + rawText(run.period, 'epochs') + ' epochs');
    }
    const m = describeMask(run.mask);
    if (m) parts.push(m);
    if (run.clock) parts.push('clock ' + run.clock);
    if (run.weighting) parts.push('weighting ' + run.weighting);
    if (run.pdop_max !== undefined) parts.push('available when PDOP ≤ ' + rawText(run, 'pdop_max'));
    return parts.join(' · ');
  }

  // ---------------------------------------------------------------------
  // period / scrubber

  function periodFrom(run, fallbackTimes) {
    const per = run && run.period;
    let t0 = per ? Date.parse(per.start_utc) : NaN;
    let step = per ? per.step_s * 1000 : NaN;
    let epochs = per ? per.epochs : 0;
    if (!isFinite(t0) && fallbackTimes && fallbackTimes.length) t0 = Date.parse(fallbackTimes[0]);
    if (!isFinite(step) || step <= 0) {
      step = fallbackTimes && fallbackTimes.length > 1 ? Date.parse(fallbackTimes[1]) - t0 : 60000;
    }
    if (!epochs && fallbackTimes) epochs = fallbackTimes.length;
    const times = [];
    const timeText = [];
    for (let k = 0; k < epochs; k++) {
      times.push(t0 + k * step);
      timeText.push(isoUTC(t0 + k * step));
    }
    return { t0, step, epochs, times, timeText };
  }

  function epochIndex(period, timeUTC) {
    const t = Date.parse(timeUTC);
    if (!isFinite(t)) return -1;
    const k = Math.round((t - period.t0) / period.step);
    return k >= 0 && k < period.epochs ? k : -1;
  }

  function setPeriod(period) {
    const prev = state.period;
    state.period = period;
    const sc = $('scrubber');
    sc.min = '0';
    sc.max = String(Math.max(0, period.epochs - 1));
    sc.disabled = period.epochs < 1;
    let k = 0;
    if (prev && prev.epochs && Number(sc.value) > 0) {
      // keep the same instant when it is still in the period
      const t = prev.times[Number(sc.value)];
      const kk = Math.round((t - period.t0) / period.step);
      if (kk >= 0 && kk < period.epochs) k = kk;
    }
    sc.value = String(k);
  }

  function scrubIndex() {
    return Number($('scrubber').value) || 0;
  }

  function onScrub() {
    const k = scrubIndex();
    const per = state.period;
    const out = $('scrub-time');
    if (!per || !per.epochs) { out.textContent = '—'; return; }
    const combo = state.variants.find((v) => v.name.includes('+')) || state.variants[state.variants.length - 1];
    const row = combo && combo.byEpoch[k];
    const text = row && row.time_utc ? row.time_utc : per.timeText[k];
    out.textContent = text;
    $('scrubber').setAttribute('aria-valuetext', text);
    renderScrubValues(k);
    updateCursor(k);
    renderSkyEpoch(k);
  }

  function renderScrubValues(k) {
    const box = $('scrub-values');
    clear(box);
    for (const v of state.variants) {
      const row = v.byEpoch[k];
      const item = el('span', { class: 'scrub-value', 'data-variant': v.name });
      item.appendChild(swatch(variantColour(v.name)));
      item.appendChild(document.createTextNode(' ' + v.name + ': '));
      item.appendChild(el('span', { 'data-q': 'n_visible' }, row ? rawText(row, 'n_visible') : '—'));
      item.appendChild(document.createTextNode(' visible, PDOP '));
      item.appendChild(el('span', { 'data-q': 'pdop' }, row ? rawText(row, 'pdop') : '—'));
      box.appendChild(item);
    }
  }

  // ---------------------------------------------------------------------
  // series chart

  const SER = { W: 640, H: 400, L: 46, R: 14, top: [22, 176], bottom: [214, 358], axisY: 376 };

  function setSeries(results, comboName) {
    results.sort((a, b) => (a.name === comboName) - (b.name === comboName));
    const combo = results.find((r) => r.name === comboName) || results[results.length - 1];
    const rows0 = (combo.data && combo.data.rows) || [];
    const period = periodFrom(combo.data && combo.data.run, rows0.map((r) => r.time_utc));
    setPeriod(period);
    state.variants = results.map((r) => {
      const rows = (r.data && r.data.rows) || [];
      const byEpoch = new Array(period.epochs);
      for (const row of rows) {
        const k = epochIndex(period, row.time_utc);
        if (k >= 0 && !byEpoch[k]) byEpoch[k] = row;
      }
      const run = r.data && r.data.run;
      return { name: r.name, rows, byEpoch, pdopMax: run ? run.pdop_max : undefined, pdopMaxText: run ? rawText(run, 'pdop_max') : '' };
    });
    renderSeries();
    onScrub();
  }

  function niceStep(span, n) {
    if (!(span > 0)) return 1;
    const raw = span / n;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
    return 10 * p;
  }

  function timeTicks(t0, t1) {
    const span = (t1 - t0) / 1000;
    const steps = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 432000, 864000, 2592000];
    let st = steps[steps.length - 1];
    for (const s of steps) { if (span / s <= 8) { st = s; break; } }
    const ms = st * 1000;
    const ticks = [];
    for (let t = Math.ceil(t0 / ms) * ms; t <= t1 + 1; t += ms) ticks.push(t);
    const multiDay = span > 86400;
    return ticks.map((t) => {
      const d = new Date(t);
      const hm = pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes());
      const md = pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate());
      let label = hm;
      if (st >= 86400) label = md;
      else if (multiDay && hm === '00:00') label = md;
      return { t, label };
    });
  }

  function seriesX(t) {
    const per = state.period;
    const t1 = per.epochs > 1 ? per.times[per.epochs - 1] : per.t0 + per.step;
    return SER.L + (t - per.t0) / (t1 - per.t0) * (SER.W - SER.L - SER.R);
  }

  function renderSeries() {
    const s = $('series');
    clearSVG(s);
    const legend = $('series-legend');
    clear(legend);
    const per = state.period;
    if (!per || !per.epochs || !state.variants.length) {
      s.appendChild(svg('text', { x: SER.W / 2, y: SER.H / 2, class: 'empty-text' }, 'No series yet: press Run.'));
      return;
    }
    const t1 = per.epochs > 1 ? per.times[per.epochs - 1] : per.t0 + per.step;
    const xL = SER.L;
    const xR = SER.W - SER.R;

    // domains
    let maxVis = 1;
    const pd = [];
    for (const v of state.variants) {
      for (const row of v.byEpoch) {
        if (!row) continue;
        if (typeof row.n_visible === 'number') maxVis = Math.max(maxVis, row.n_visible);
        if (typeof row.pdop === 'number') pd.push(row.pdop);
      }
    }
    const visStep = niceStep(maxVis, 4);
    const visMax = Math.max(visStep, Math.ceil(maxVis * 1.05 / visStep) * visStep);
    pd.sort((a, b) => a - b);
    const pdMaxObs = pd.length ? pd[pd.length - 1] : 1;
    const q98 = pd.length ? pd[Math.min(pd.length - 1, Math.floor(pd.length * 0.98))] : 1;
    let pdTop = Math.min(pdMaxObs, Math.max(q98 * 1.25, 2));
    const pdStep = niceStep(pdTop, 4);
    pdTop = Math.max(pdStep, Math.ceil(pdTop / pdStep) * pdStep);
    const clipped = pdMaxObs > pdTop;

    const yVis = (n) => SER.top[1] - n / visMax * (SER.top[1] - SER.top[0]);
    const yPd = (p) => SER.bottom[1] - p / pdTop * (SER.bottom[1] - SER.bottom[0]);

    const defs = svg('defs');
    const clip = svg('clipPath', { id: 'series-pdop-clip' });
    clip.appendChild(svg('rect', { x: xL, y: SER.bottom[0], width: xR - xL, height: SER.bottom[1] - SER.bottom[0] }));
    defs.appendChild(clip);
    const clipV = svg('clipPath', { id: 'series-vis-clip' });
    clipV.appendChild(svg('rect', { x: xL, y: SER.top[0] - 2, width: xR - xL, height: SER.top[1] - SER.top[0] + 4 }));
    defs.appendChild(clipV);
    s.appendChild(defs);

    // window highlight (drawn under the lines)
    const win = svg('g', { id: 'series-window' });
    s.appendChild(win);

    // grids and axes
    const grid = svg('g', { class: 'axis' });
    const ticks = timeTicks(per.t0, t1);
    for (const tk of ticks) {
      const x = seriesX(tk.t);
      for (const [a, b] of [SER.top, SER.bottom]) grid.appendChild(svg('line', { x1: x, x2: x, y1: a, y2: b, class: 'grid-line' }));
      grid.appendChild(svg('text', { x, y: SER.axisY, class: 'axis-text', 'text-anchor': 'middle' }, tk.label));
    }
    grid.appendChild(svg('text', { x: xR, y: SER.axisY + 16, class: 'axis-text', 'text-anchor': 'end' }, 'UTC'));
    for (let n = 0; n <= visMax + 1e-9; n += visStep) {
      const y = yVis(n);
      grid.appendChild(svg('line', { x1: xL, x2: xR, y1: y, y2: y, class: 'grid-line' }));
      grid.appendChild(svg('text', { x: xL - 5, y: y + 4, class: 'axis-text', 'text-anchor': 'end' }, f1(n)));
    }
    for (let p = 0; p <= pdTop + 1e-9; p += pdStep) {
      const y = yPd(p);
      grid.appendChild(svg('line', { x1: xL, x2: xR, y1: y, y2: y, class: 'grid-line' }));
      grid.appendChild(svg('text', { x: xL - 5, y: y + 4, class: 'axis-text', 'text-anchor': 'end' }, f1(p)));
    }
    for (const [a, b] of [SER.top, SER.bottom]) {
      grid.appendChild(svg('path', { d: `M${xL},${a}V${b}H${xR}` }));
    }
    grid.appendChild(svg('text', { x: xL, y: SER.top[0] - 8, class: 'axis-title' }, 'Visible satellites'));
    grid.appendChild(svg('text', { x: xL, y: SER.bottom[0] - 8, class: 'axis-title' },
      clipped ? 'PDOP (axis cut at ' + f1(pdTop) + '; gaps: not computable)' : 'PDOP (gaps: not computable)'));
    const pdopMax = state.variants[0] && state.variants[0].pdopMax;
    if (typeof pdopMax === 'number' && pdopMax <= pdTop) {
      grid.appendChild(svg('line', { x1: xL, x2: xR, y1: yPd(pdopMax), y2: yPd(pdopMax), class: 'threshold' }));
    }
    s.appendChild(grid);

    // lines
    const lines = svg('g', { class: 'lines' });
    for (const v of state.variants) {
      const colour = variantColour(v.name);
      const combined = v.name.includes('+');
      let dv = '';
      let dp = '';
      let penV = false;
      let penP = false;
      for (let k = 0; k < per.epochs; k++) {
        const row = v.byEpoch[k];
        const x = seriesX(per.times[k]).toFixed(1);
        if (row && typeof row.n_visible === 'number') {
          dv += (penV ? 'L' : 'M') + x + ',' + yVis(row.n_visible).toFixed(1);
          penV = true;
        } else penV = false;
        if (row && typeof row.pdop === 'number') {
          dp += (penP ? 'L' : 'M') + x + ',' + yPd(row.pdop).toFixed(1);
          penP = true;
        } else penP = false;
      }
      const cls = 'series-line' + (combined ? ' combined' : '');
      if (dv) lines.appendChild(svg('path', { d: dv, class: cls, stroke: colour, 'clip-path': 'url(#series-vis-clip)', 'data-variant': v.name, 'data-panel': 'visible' }));
      if (dp) lines.appendChild(svg('path', { d: dp, class: cls, stroke: colour, 'clip-path': 'url(#series-pdop-clip)', 'data-variant': v.name, 'data-panel': 'pdop' }));
      // a lone point (no neighbour) would be invisible as a path: mark single-epoch series
      if (per.epochs === 1) {
        const row = v.byEpoch[0];
        if (row && typeof row.n_visible === 'number') lines.appendChild(svg('circle', { cx: seriesX(per.times[0]), cy: yVis(row.n_visible), r: 3, fill: colour }));
        if (row && typeof row.pdop === 'number') lines.appendChild(svg('circle', { cx: seriesX(per.times[0]), cy: yPd(row.pdop), r: 3, fill: colour }));
      }
      const item = el('span', { class: 'legend-item', 'data-variant': v.name });
      const ln = el('span', { class: 'legend-line', 'aria-hidden': 'true' });
      ln.style.backgroundColor = colour;
      if (combined) ln.style.height = '4px';
      item.appendChild(ln);
      item.appendChild(el('span', null, v.name));
      legend.appendChild(item);
    }
    s.appendChild(lines);
    if (typeof pdopMax === 'number' && pdopMax <= pdTop) {
      const item = el('span', { class: 'legend-item' });
      const ln = el('span', { class: 'legend-line', 'aria-hidden': 'true' });
      ln.style.backgroundColor = '#8c96a0';
      item.appendChild(ln);
      item.appendChild(el('span', null, 'PDOP limit ' + state.variants[0].pdopMaxText));
      legend.appendChild(item);
    }

    s.appendChild(svg('line', { id: 'series-cursor', x1: xL, x2: xL, y1: SER.top[0] - 4, y2: SER.bottom[1] }));
    renderWindowSpan();
    updateCursor(scrubIndex());
  }

  function updateCursor(k) {
    const c = $('series-cursor');
    const per = state.period;
    if (!c || !per || !per.epochs) return;
    const x = seriesX(per.times[clamp(k, 0, per.epochs - 1)]);
    c.setAttribute('x1', x.toFixed(1));
    c.setAttribute('x2', x.toFixed(1));
  }

  function renderWindowSpan() {
    const g = $('series-window');
    if (!g) return;
    clearSVG(g);
    const w = state.windowSpan;
    const per = state.period;
    // only over the series of the same site, systems, period and model
    if (!w || !per || !per.epochs || w.key !== state.seriesKey) return;
    const t1 = per.epochs > 1 ? per.times[per.epochs - 1] : per.t0;
    const a = Math.max(w.start, per.t0);
    const b = Math.min(w.end, t1);
    if (!(b >= a)) return;
    const x0 = seriesX(a);
    const x1 = seriesX(b);
    for (const [top, bot] of [SER.top, SER.bottom]) {
      g.appendChild(svg('rect', { x: x0, y: top, width: Math.max(1, x1 - x0), height: bot - top, class: 'window-span' }));
    }
    const t = svg('title', null, 'best window ' + w.text);
    g.appendChild(t);
  }

  function seriesPointer(ev) {
    const per = state.period;
    if (!per || !per.epochs) return;
    const s = $('series');
    const ctm = s.getScreenCTM();
    if (!ctm) return;
    const pt = s.createSVGPoint();
    pt.x = ev.clientX;
    pt.y = ev.clientY;
    const p = pt.matrixTransform(ctm.inverse());
    const t1 = per.epochs > 1 ? per.times[per.epochs - 1] : per.t0;
    const t = per.t0 + (p.x - SER.L) / (SER.W - SER.L - SER.R) * (t1 - per.t0);
    const k = clamp(Math.round((t - per.t0) / per.step), 0, per.epochs - 1);
    const sc = $('scrubber');
    if (Number(sc.value) !== k) {
      sc.value = String(k);
      onScrub();
    }
  }

  // ---------------------------------------------------------------------
  // sky plot

  const SKY = { c: 200, R: 172 };

  function skyXY(az, elv) {
    const r = SKY.R * (90 - clamp(elv, 0, 90)) / 90;
    const a = az * Math.PI / 180;
    return [SKY.c + r * Math.sin(a), SKY.c - r * Math.cos(a)];
  }

  // Elevation of the mask at an azimuth, from the run's mask object.
  function maskFunction(mask) {
    if (mask && Array.isArray(mask.azimuth_elevation_deg) && mask.azimuth_elevation_deg.length) {
      const pts = mask.azimuth_elevation_deg.map((p) => [Number(p[0]), Number(p[1])]).filter((p) => isFinite(p[0]) && isFinite(p[1]));
      return interpolator(pts);
    }
    const e = mask && typeof mask.elevation_deg === 'number' ? mask.elevation_deg : 0;
    return () => e;
  }

  // Linear interpolation in azimuth, wrapping at 360° (the --mask-file model).
  function interpolator(pts) {
    const p = pts.slice().sort((a, b) => a[0] - b[0]);
    if (!p.length) return () => 0;
    if (p.length === 1) return () => p[0][1];
    return (az) => {
      let a = ((az % 360) + 360) % 360;
      for (let i = 0; i < p.length; i++) {
        const [a0, e0] = p[i];
        const [a1r, e1] = p[(i + 1) % p.length];
        const a1 = i + 1 < p.length ? a1r : a1r + 360;
        let x = a;
        if (i + 1 === p.length && x < a0) x += 360;
        if (i === 0 && a < a0) {
          // before the first point: between the last and the first, wrapping
          const [al, el2] = p[p.length - 1];
          const span = a0 + 360 - al;
          const f = span > 0 ? (a + 360 - al) / span : 0;
          return el2 + (e0 - el2) * f;
        }
        if (x >= a0 && x <= a1) {
          const f = a1 > a0 ? (x - a0) / (a1 - a0) : 0;
          return e0 + (e1 - e0) * f;
        }
      }
      return p[0][1];
    };
  }

  function setSky(data) {
    const per = state.period || periodFrom(data.run, []);
    if (!state.period) setPeriod(per);
    const rows = data.rows || [];
    const byEpoch = Array.from({ length: per.epochs }, () => []);
    const tracks = new Map(); // prn -> {system, segments:[[ [x,y],... ]], lastK}
    for (const row of rows) {
      const k = epochIndex(per, row.time_utc);
      if (k < 0) continue;
      byEpoch[k].push(row);
      let tr = tracks.get(row.prn);
      if (!tr) { tr = { system: row.system, segs: [], lastK: -2 }; tracks.set(row.prn, tr); }
      if (k !== tr.lastK + 1) tr.segs.push([]);
      tr.segs[tr.segs.length - 1].push(skyXY(row.az_deg, row.el_deg));
      tr.lastK = k;
    }
    state.sky = { byEpoch, tracks, mask: data.run ? data.run.mask : null, systems: data.run ? data.run.systems : [] };
    renderSkyBase();
    renderSkyEpoch(scrubIndex());
    if (!state.variants.length) onScrub();
  }

  function renderSkyBase() {
    const s = $('skyplot');
    clearSVG(s);
    const { c, R } = SKY;
    s.appendChild(svg('circle', { cx: c, cy: c, r: R, class: 'sky-bg' }));
    // mask: the shaded area between the horizon and the mask
    if (state.sky) {
      const f = maskFunction(state.sky.mask);
      let any = false;
      let outer = '';
      let inner = '';
      for (let a = 0; a <= 360; a += 2) {
        const e = f(a % 360);
        if (e > 0.01) any = true;
        const [xo, yo] = skyXY(a, 0);
        const [xi, yi] = skyXY(a, e);
        outer += (a === 0 ? 'M' : 'L') + xo.toFixed(1) + ',' + yo.toFixed(1);
        inner += (a === 0 ? 'M' : 'L') + xi.toFixed(1) + ',' + yi.toFixed(1);
      }
      if (any) {
        const m = svg('path', { d: outer + 'Z' + inner + 'Z', class: 'sky-mask', 'fill-rule': 'evenodd', id: 'sky-mask' });
        m.appendChild(svg('title', null, describeMask(state.sky.mask)));
        s.appendChild(m);
      }
    }
    for (const e of [30, 60]) s.appendChild(svg('circle', { cx: c, cy: c, r: R * (90 - e) / 90, class: 'sky-ring' }));
    for (let a = 0; a < 360; a += 30) {
      const [x, y] = skyXY(a, 0);
      s.appendChild(svg('line', { x1: c, y1: c, x2: x, y2: y, class: 'sky-spoke' }));
    }
    s.appendChild(svg('circle', { cx: c, cy: c, r: R, class: 'sky-rim' }));
    for (const [lab, a] of [['N', 0], ['E', 90], ['S', 180], ['W', 270]]) {
      const r = R + 14;
      const t = a * Math.PI / 180;
      s.appendChild(svg('text', { x: c + r * Math.sin(t), y: c - r * Math.cos(t), class: 'sky-compass' }, lab));
    }
    for (const e of [30, 60]) {
      s.appendChild(svg('text', { x: c + 3, y: c - R * (90 - e) / 90 - 3, class: 'sky-el' }, e + '°'));
    }
    const legend = $('sky-legend');
    clear(legend);
    if (!state.sky) {
      s.appendChild(svg('text', { x: c, y: c, class: 'empty-text' }, 'No sky yet: press Run.'));
      return;
    }
    // tracks of the whole period
    const tg = svg('g', { id: 'sky-tracks' });
    const seen = new Set();
    for (const [prn, tr] of state.sky.tracks) {
      seen.add(tr.system);
      for (const seg of tr.segs) {
        if (seg.length < 2) continue;
        const pts = seg.map(([x, y]) => x.toFixed(1) + ',' + y.toFixed(1)).join(' ');
        tg.appendChild(svg('polyline', { points: pts, class: 'sky-track', stroke: systemColour(tr.system), 'data-prn': prn }));
      }
    }
    s.appendChild(tg);
    s.appendChild(svg('g', { id: 'sky-sats' }));
    const order = (state.info && state.info.systems) || Object.keys(SYSTEM_COLOURS);
    for (const sys of order) {
      if (!seen.has(sys)) continue;
      const item = el('span', { class: 'legend-item' });
      item.appendChild(swatch(systemColour(sys)));
      item.appendChild(el('span', null, SYSTEM_LABELS[sys] || sys));
      legend.appendChild(item);
    }
    legend.appendChild(el('span', { class: 'legend-item hint' }, 'faint lines: tracks over the period; shaded: below the mask'));
  }

  function renderSkyEpoch(k) {
    const g = $('sky-sats');
    if (!g || !state.sky) return;
    clearSVG(g);
    const rows = state.sky.byEpoch[k] || [];
    const labels = svg('g', { class: 'sat-labels' });
    for (const row of rows) {
      const [x, y] = skyXY(row.az_deg, row.el_deg);
      const circ = svg('circle', {
        class: 'sat', cx: x.toFixed(1), cy: y.toFixed(1), r: 6.5,
        fill: systemColour(row.system), 'data-prn': row.prn, 'data-system': row.system,
      });
      circ.appendChild(svg('title', null, row.prn + ' (' + (SYSTEM_LABELS[row.system] || row.system) + '): azimuth ' +
        rawText(row, 'az_deg') + '°, elevation ' + rawText(row, 'el_deg') + '°'));
      g.appendChild(circ);
      labels.appendChild(svg('text', { x: (x + 8).toFixed(1), y: (y + 3.5).toFixed(1), class: 'sat-label' }, row.prn));
    }
    g.appendChild(labels);
    $('skyplot').setAttribute('data-epoch', String(k));
    const per = state.period;
    const counts = new Map();
    for (const row of rows) counts.set(row.system, (counts.get(row.system) || 0) + 1);
    const bySys = Array.from(counts, ([s, n]) => (SYSTEM_LABELS[s] || s) + ' ' + n).join(', ');
    $('sky-summary').textContent = (per && per.timeText[k] ? per.timeText[k] + ': ' : '') + rows.length +
      ' satellite' + (rows.length === 1 ? '' : 's') + ' above the mask' + (bySys ? ' (' + bySys + ')' : '');
  }

  // ---------------------------------------------------------------------
  // best window

  function parseTimeMs(s) {
    const t = Date.parse(s);
    return isFinite(t) ? t : NaN;
  }

  async function runWindow() {
    clearError();
    let common;
    try { common = readCommon(); } catch (e) { showError(e, 'Window'); return; }
    const length = $('window-length').value.trim();
    if (!length) { showError(localError('length', 'give a window length such as 2h'), 'Window'); return; }
    const by = $('window-by').value;
    const extra = { length, by };
    if (by === 'integrity') extra.service = $('service').value;
    const wp = params('window', common.p, extra);
    const op = beginOp('window');
    $('window-result').textContent = 'Searching…';
    try {
      const r = await apiGet('window', 'window', wp, op.ctl, { progress: true, progressName: 'window' });
      if (!op.live()) return;
      recordView('window', 'window', wp, r);
      renderWindow(r.data, length, seriesKeyOf(common.p));
    } catch (e) {
      if (state.gen.window !== op.gen) return;
      $('window-result').textContent = isAbort(e) ? 'Cancelled.' : '';
      if (!isAbort(e)) showError(e, 'Window');
    } finally {
      endOp('window', op);
    }
  }

  // What makes a window comparable with the series: the dop parameters of the combination.
  function seriesKeyOf(p) {
    return JSON.stringify(params('dop', p));
  }

  const WINDOW_LABELS = {
    availability_pct: 'availability %', mean_vpl_m: 'mean VPL m', max_vpl_m: 'max VPL m',
    mean_hpl_m: 'mean HPL m', max_hpl_m: 'max HPL m',
  };
  const WINDOW_KNOWN = ['start_utc', 'end_utc', 'epochs', 'mean_pdop', 'max_pdop', 'min_visible', 'site', 'rank', 'windows_considered'];

  function renderWindow(data, length, key) {
    const out = $('window-result');
    clear(out);
    // {"run", "windows": [...]} (gnssim window --format json); rows or a single window also read
    let w = null;
    const list = data && (Array.isArray(data.windows) ? data.windows : Array.isArray(data.rows) ? data.rows : null);
    if (list) w = list[0] || null;
    else if (data && data.window) w = data.window;
    // windows_considered: on the row, at the top, or in run.parameters.window
    const wp = data && data.run && data.run.parameters && data.run.parameters.window;
    const considered = w && w.windows_considered !== undefined ? rawText(w, 'windows_considered')
      : data && data.windows_considered !== undefined ? rawText(data, 'windows_considered')
        : wp && wp.windows_considered !== undefined ? rawText(wp, 'windows_considered') : '';
    state.windowSpan = null;
    if (!w) {
      out.textContent = 'No ' + length + ' window qualifies in this period' + (considered ? ' (' + considered + ' considered).' : '.');
      renderWindowSpan();
      return;
    }
    const span = el('span', { class: 'window-span-text' });
    span.appendChild(el('strong', null, 'Best ' + length + ' window: '));
    span.appendChild(el('span', { 'data-q': 'start_utc' }, w.start_utc || '—'));
    span.appendChild(document.createTextNode(' – '));
    span.appendChild(el('span', { 'data-q': 'end_utc' }, w.end_utc || '—'));
    out.appendChild(span);
    const add = (label, key) => {
      if (w[key] === undefined) return;
      out.appendChild(document.createTextNode(' · ' + label + ' '));
      out.appendChild(el('span', { 'data-q': key }, rawText(w, key)));
    };
    add('mean PDOP', 'mean_pdop');
    add('max PDOP', 'max_pdop');
    add('min visible', 'min_visible');
    add('epochs', 'epochs');
    for (const k of Object.keys(w)) {
      if (WINDOW_KNOWN.includes(k)) continue;
      const v = w[k];
      if (v !== null && typeof v === 'object') continue;
      add(WINDOW_LABELS[k] || k.replace(/_/g, ' '), k);
    }
    if (considered) {
      out.appendChild(document.createTextNode(' (best of '));
      out.appendChild(el('span', { 'data-q': 'windows_considered' }, considered));
      out.appendChild(document.createTextNode(' windows)'));
    }
    const a = parseTimeMs(w.start_utc);
    const b = parseTimeMs(w.end_utc);
    if (isFinite(a) && isFinite(b)) state.windowSpan = { start: a, end: b, text: w.start_utc + ' – ' + w.end_utc, key };
    renderWindowSpan();
  }

  // ---------------------------------------------------------------------
  // integrity

  const INTEGRITY_FIRST = ['availability_pct', 'mean_vpl_m', 'max_vpl_m', 'mean_hpl_m', 'max_hpl_m'];
  const INTEGRITY_LABELS = {
    availability_pct: 'Availability %', mean_vpl_m: 'Mean VPL m', max_vpl_m: 'Max VPL m',
    mean_hpl_m: 'Mean HPL m', max_hpl_m: 'Max HPL m', epochs: 'Epochs',
    monitored_epochs: 'Monitored epochs', met_epochs: 'Epochs meeting', max_emt_m: 'Max EMT m',
    max_sigma_v_acc_m: 'Max σv,acc m', min_sats: 'Min sats', max_modes: 'Max fault modes',
  };

  async function runIntegrity() {
    const service = $('service').value;
    await runTableView({ view: 'integrity', path: 'integrity', label: 'Integrity', caption: 'integrity-caption',
      extra: { summary: 'true', service }, render: renderIntegrity });
  }

  // runTableView runs one on-request view whose answer is a table: the
  // common parameters plus extra, a rid with the progress bar, the caption
  // saying what happens, the view's command and downloads recorded.
  async function runTableView(v) {
    clearError();
    let common;
    try { common = readCommon(); } catch (e) { showError(e, v.label); return; }
    const p = params(v.path, common.p, v.extra);
    const op = beginOp(v.view);
    $(v.caption).textContent = 'Computing…';
    try {
      const r = await apiGet(v.view, v.path, p, op.ctl, { progress: true, progressName: v.label });
      if (!op.live()) return;
      recordView(v.view, v.path, p, r);
      v.render(r.data);
    } catch (e) {
      if (state.gen[v.view] !== op.gen) return;
      $(v.caption).textContent = isAbort(e) ? 'Cancelled.' : '';
      if (!isAbort(e)) showError(e, v.label);
    } finally {
      endOp(v.view, op);
    }
  }

  function renderIntegrity(data) {
    const table = $('integrity-table');
    const thead = table.tHead;
    const tbody = table.tBodies[0];
    clear(thead);
    clear(tbody);
    const rows = (data && (data.summary || data.rows)) || [];
    const run = data && data.run;
    const cap = [];
    const integ = run && run.parameters && run.parameters.integrity;
    if (integ && integ.service) {
      const sv = integ.service;
      let t = sv.name || '';
      if (sv.val_m !== undefined) t += ' (VAL ' + rawText(sv, 'val_m') + ' m, HAL ' + rawText(sv, 'hal_m') + ' m)';
      cap.push(t);
    }
    if (integ && integ.rule) cap.push('rule ' + integ.rule);
    if (run && run.mask) cap.push(describeMask(run.mask));
    if (run && run.period) cap.push(rawText(run.period, 'epochs') + ' epochs, step ' + rawText(run.period, 'step_s') + ' s');
    if (rows[0] && rows[0].site) cap.unshift(rows[0].site);
    $('integrity-caption').textContent = cap.filter(Boolean).join(' · ');
    if (!rows.length) return;
    const keys = Object.keys(rows[0]).filter((k) => k !== 'site' && k !== 'variant');
    const cols = INTEGRITY_FIRST.filter((k) => keys.includes(k)).concat(keys.filter((k) => !INTEGRITY_FIRST.includes(k)));
    const hr = el('tr');
    hr.appendChild(el('th', { scope: 'col' }, 'Variant'));
    for (const k of cols) hr.appendChild(el('th', { scope: 'col', class: 'num', 'data-q': k }, INTEGRITY_LABELS[k] || k));
    thead.appendChild(hr);
    for (const row of rows) {
      const name = String(row.variant || '');
      const tr = el('tr', { 'data-variant': name, class: name.includes('+') ? 'combined' : null });
      const th = el('th', { scope: 'row' });
      const nm = el('span', { class: 'variant-name' });
      nm.appendChild(swatch(variantColour(name)));
      nm.appendChild(el('span', null, name));
      th.appendChild(nm);
      tr.appendChild(th);
      for (const k of cols) {
        const v = row[k];
        const t = v !== null && typeof v === 'object' ? JSON.stringify(v) : rawText(row, k);
        tr.appendChild(el('td', { 'data-q': k, class: t === '—' ? 'num null' : 'num' }, t));
      }
      tbody.appendChild(tr);
    }
    const ul = $('integrity-assumptions');
    clear(ul);
    const assumptions = (run && Array.isArray(run.assumptions)) ? run.assumptions : [];
    for (const a of assumptions) ul.appendChild(el('li', null, String(a)));
    if (!assumptions.length && integ && Array.isArray(integ.systems)) {
      for (const s of integ.systems) {
        if (s && s.assumed) ul.appendChild(el('li', null, (SYSTEM_LABELS[s.system] || s.system) + ' ISM: ' + (s.source || 'assumed study value')));
      }
    }
  }

  // ---------------------------------------------------------------------
  // signals: the PSDs of a band (a figure) and the C/N0 degradation at the
  // site from the simulated sky (a table)

  async function runPSD() {
    clearError();
    const band = $('band').value;
    const pp = [['band', band]];
    const op = beginOp('psd');
    try {
      const r = await apiGet('psd', 'spectrum/psd', pp.concat([['format', 'png']]), op.ctl, { kind: 'blob' });
      if (!op.live()) return;
      recordView('psd', 'spectrum/psd', pp, r);
      const im = $('psd-plot');
      if (state.psdURL) URL.revokeObjectURL(state.psdURL);
      state.psdURL = URL.createObjectURL(r.data);
      im.src = state.psdURL;
      im.alt = 'Normalised power spectral densities of the signals of the ' + band + ' band';
      im.hidden = false;
    } catch (e) {
      if (state.gen.psd !== op.gen) return;
      if (!isAbort(e)) showError(e, 'Spectra');
    } finally {
      endOp('psd', op);
    }
  }

  const CN0_FIRST = ['victim', 'victim_system', 'mean_total_db', 'worst_total_db', 'worst_time_utc', 'worst_prn',
    'mean_self_db', 'mean_intra_db', 'mean_inter_db', 'max_intra_db', 'max_inter_db'];
  const CN0_LABELS = {
    victim: 'Victim', victim_system: 'System', mean_total_db: 'Mean ΔC/N0 dB', worst_total_db: 'Worst ΔC/N0 dB',
    worst_time_utc: 'Worst at (UTC)', worst_prn: 'Worst satellite', mean_self_db: 'Mean self dB',
    mean_intra_db: 'Mean intra-system dB', mean_inter_db: 'Mean inter-system dB', max_intra_db: 'Max intra dB',
    max_inter_db: 'Max inter dB', epochs: 'Epochs', victim_epochs: 'Victim epochs',
  };

  async function runCN0() {
    const victim = $('victim').value;
    await runTableView({ view: 'cn0', path: 'spectrum/cn0', label: 'C/N0', caption: 'cn0-caption',
      extra: victim ? { victim } : {}, render: renderCN0 });
  }

  function renderCN0(data) {
    const table = $('cn0-table');
    const thead = table.tHead;
    const tbody = table.tBodies[0];
    clear(thead);
    clear(tbody);
    const rows = (data && data.rows) || [];
    const run = data && data.run;
    const cap = [];
    if (rows[0] && rows[0].site) cap.push(rows[0].site);
    if (run && run.mask) cap.push(describeMask(run.mask));
    if (run && run.period) cap.push(rawText(run.period, 'epochs') + ' epochs, step ' + rawText(run.period, 'step_s') + ' s');
    cap.push(rows.length ? rows.length + ' victim signal' + (rows.length === 1 ? '' : 's') : 'no victim signal of the selected systems');
    $('cn0-caption').textContent = cap.filter(Boolean).join(' · ');
    if (!rows.length) return;
    const keys = Object.keys(rows[0]).filter((k) => k !== 'site');
    const cols = CN0_FIRST.filter((k) => keys.includes(k)).concat(keys.filter((k) => !CN0_FIRST.includes(k)));
    const hr = el('tr');
    for (const k of cols) hr.appendChild(el('th', { scope: 'col', class: k.endsWith('_db') ? 'num' : null, 'data-q': k }, CN0_LABELS[k] || k));
    thead.appendChild(hr);
    for (const row of rows) {
      const tr = el('tr', { 'data-victim': String(row.victim || '') });
      for (const k of cols) {
        const t = rawText(row, k);
        tr.appendChild(el('td', { 'data-q': k, class: k.endsWith('_db') ? 'num' : null }, t));
      }
      tbody.appendChild(tr);
    }
  }

  // ---------------------------------------------------------------------
  // coverage

  function snapRegion(lat, lon, grid) {
    const g = grid > 0 ? grid : 2;
    const side = Math.ceil(60 / g - 1e-9) * g; // 60°, or the next multiple of the grid
    let la0 = Math.round((lat - side / 2) / g) * g;
    let la1 = la0 + side;
    if (la0 < -90) { la1 += -90 - la0; la0 = -90; }
    if (la1 > 90) { la0 -= la1 - 90; la1 = 90; }
    la0 = Math.max(-90, la0);
    let lo0 = Math.round((lon - side / 2) / g) * g;
    let lo1 = lo0 + side;
    if (lo0 < -180) { lo1 += -180 - lo0; lo0 = -180; }
    if (lo1 > 180) { lo0 -= lo1 - 180; lo1 = 180; }
    lo0 = Math.max(-180, lo0);
    return [la0, la1, lo0, lo1].map(cleanNum).join(',');
  }

  function updateDefaultRegion() {
    if (state.regionTouched) return;
    const lat = Number($('lat').value);
    const lon = Number($('lon').value);
    if ($('lat').value.trim() === '' || $('lon').value.trim() === '' || !isFinite(lat) || !isFinite(lon)) return;
    $('region').value = snapRegion(lat, lon, Number($('grid').value));
    drawRegionBox();
  }

  function drawRegionBox() {
    const box = $('region-box');
    const parts = $('region').value.split(',').map((s) => Number(s.trim()));
    if (parts.length !== 4 || parts.some((x) => !isFinite(x))) {
      box.setAttribute('width', '0');
      box.setAttribute('height', '0');
      return;
    }
    const [la0, la1, lo0, lo1] = parts;
    box.setAttribute('x', String((Math.min(lo0, lo1) + 180) * 2));
    box.setAttribute('y', String((90 - Math.max(la0, la1)) * 2));
    box.setAttribute('width', String(Math.abs(lo1 - lo0) * 2));
    box.setAttribute('height', String(Math.abs(la1 - la0) * 2));
  }

  const COVERAGE_LABELS = {
    cells: 'cells', epochs: 'epochs', mean_visible: 'mean visible', min_visible: 'min visible',
    max_visible: 'max visible', mean_pdop: 'mean PDOP', p50_pdop: 'median PDOP', p95_pdop: '95% PDOP',
    max_pdop: 'max PDOP', availability: 'availability',
  };

  async function runCoverage() {
    clearError();
    let common;
    try { common = readCommon(); } catch (e) { showError(e, 'Coverage'); return; }
    const region = $('region').value.replace(/\s+/g, '');
    const grid = $('grid').value.trim();
    if (!region) { showError(localError('region', 'give a region LATMIN,LATMAX,LONMIN,LONMAX'), 'Coverage'); return; }
    const quantity = $('plot-quantity').value;
    const extra = { region };
    if (grid) extra.grid = grid;
    if (quantity) extra.plot_quantity = quantity;
    const cp = params('coverage', common.p, extra);
    const op = beginOp('coverage');
    $('coverage-summary').textContent = 'Computing the map…';
    const pngParams = cp.concat([['format', 'png']]);
    const jsonP = apiGet('coverage', 'coverage', cp, op.ctl, { progress: true, progressName: 'coverage' });
    const pngP = apiGet('coverage', 'coverage', pngParams, op.ctl, { progress: true, progressName: 'coverage map', kind: 'blob' });
    try {
      const [j, img] = await Promise.all([jsonP, pngP]);
      if (!op.live()) return;
      recordView('coverage', 'coverage', cp, j);
      renderCoverageSummary(j.data);
      const im = $('coverage-map');
      if (state.coverageURL) URL.revokeObjectURL(state.coverageURL);
      state.coverageURL = URL.createObjectURL(img.data);
      im.src = state.coverageURL;
      im.alt = 'Coverage map of ' + quantity + ' over ' + region + ' (grid ' + grid + '°)';
      im.hidden = false;
    } catch (e) {
      // the other request of the pair is useless now
      op.ctl.abort();
      if (state.gen.coverage !== op.gen) return;
      $('coverage-summary').textContent = '';
      if (!isAbort(e)) showError(e, 'Coverage');
      else setStatus('Cancelled.');
    } finally {
      jsonP.catch(() => {});
      pngP.catch(() => {});
      endOp('coverage', op);
    }
  }

  function renderCoverageSummary(data) {
    const out = $('coverage-summary');
    clear(out);
    const s = data && data.summary;
    if (!s) return;
    let first = true;
    for (const k of Object.keys(s)) {
      const v = s[k];
      if (v !== null && typeof v === 'object') continue;
      if (!first) out.appendChild(document.createTextNode(' · '));
      first = false;
      out.appendChild(document.createTextNode((COVERAGE_LABELS[k] || k.replace(/_/g, ' ')) + ' '));
      out.appendChild(el('span', { 'data-q': k }, rawText(s, k)));
    }
  }

  // ---------------------------------------------------------------------
  // map

  function lonX(lon) { return (lon + 180) * 2; }
  function latY(lat) { return (90 - lat) * 2; }

  function drawGraticule() {
    const g = $('map-graticule');
    clear(g);
    for (let lon = -150; lon <= 150; lon += 30) {
      g.appendChild(svg('line', { x1: lonX(lon), x2: lonX(lon), y1: 0, y2: 360 }));
    }
    for (let lat = -60; lat <= 60; lat += 30) {
      g.appendChild(svg('line', { x1: 0, x2: 720, y1: latY(lat), y2: latY(lat), class: lat === 0 ? 'equator' : null }));
    }
  }

  function drawCoast(lines) {
    const g = $('map-coast');
    clear(g);
    // one path per few hundred lines keeps the DOM small
    let d = '';
    let count = 0;
    for (const line of lines) {
      if (!Array.isArray(line) || line.length < 2) continue;
      let seg = '';
      for (let i = 0; i < line.length; i++) {
        const p = line[i];
        seg += (i ? 'L' : 'M') + lonX(p[0]).toFixed(1) + ',' + latY(p[1]).toFixed(1);
      }
      d += seg;
      if (++count % 200 === 0) { g.appendChild(svg('path', { d })); d = ''; }
    }
    if (d) g.appendChild(svg('path', { d }));
  }

  function moveMarker() {
    const lat = Number($('lat').value);
    const lon = Number($('lon').value);
    const m = $('site-marker');
    if ($('lat').value.trim() === '' || $('lon').value.trim() === '' || !isFinite(lat) || !isFinite(lon)) {
      m.setAttribute('visibility', 'hidden');
      return;
    }
    m.setAttribute('visibility', 'visible');
    m.setAttribute('cx', lonX(clamp(lon, -180, 180)).toFixed(2));
    m.setAttribute('cy', latY(clamp(lat, -90, 90)).toFixed(2));
  }

  function setSite(lat, lon, fromCity) {
    $('lat').value = cleanNum(round2(clamp(lat, -90, 90)));
    let l = lon;
    while (l > 180) l -= 360;
    while (l < -180) l += 360;
    $('lon').value = cleanNum(round2(l));
    if (!fromCity) $('city').value = '';
    $('lat').removeAttribute('aria-invalid');
    moveMarker();
    updateDefaultRegion();
  }

  function mapClick(ev) {
    const m = $('map');
    const ctm = m.getScreenCTM();
    if (!ctm) return;
    const pt = m.createSVGPoint();
    pt.x = ev.clientX;
    pt.y = ev.clientY;
    const p = pt.matrixTransform(ctm.inverse());
    const lon = clamp(p.x / 2 - 180, -180, 180);
    const lat = clamp(90 - p.y / 2, -90, 90);
    setSite(lat, lon, false);
  }

  function mapKey(ev) {
    const d = ev.shiftKey ? 10 : 1;
    let lat = Number($('lat').value);
    let lon = Number($('lon').value);
    if (!isFinite(lat) || $('lat').value.trim() === '') lat = 0;
    if (!isFinite(lon) || $('lon').value.trim() === '') lon = 0;
    switch (ev.key) {
      case 'ArrowUp': lat += d; break;
      case 'ArrowDown': lat -= d; break;
      case 'ArrowLeft': lon -= d; break;
      case 'ArrowRight': lon += d; break;
      default: return;
    }
    ev.preventDefault();
    if (lon >= 180) lon -= 360;
    if (lon < -180) lon += 360;
    setSite(clamp(lat, -90, 90), lon, false);
  }

  function chooseCity() {
    const name = $('city').value;
    const c = state.cities.find((x) => x.name === name);
    if (!c) return;
    $('height').value = String(c.height_m);
    setSite(c.lat_deg, c.lon_deg, true);
    // keep the city's own coordinates (not rounded) so that the city name is sent
    $('lat').value = String(c.lat_deg);
    $('lon').value = String(c.lon_deg);
    moveMarker();
  }

  // ---------------------------------------------------------------------
  // horizon: file, text, drawn editor

  const HE = { c: 100, R: 78 };

  // Parses AZ:EL,... text into [[az, el], ...]; null when malformed.
  function parseHorizonText(text) {
    const t = text.replace(/\s+/g, '');
    if (!t) return [];
    const out = [];
    for (const part of t.split(',')) {
      const m = part.split(':');
      if (m.length !== 2) return null;
      const a = Number(m[0]);
      const e = Number(m[1]);
      if (m[0] === '' || m[1] === '' || !isFinite(a) || !isFinite(e)) return null;
      out.push([a, e]);
    }
    return out;
  }

  // The CLI's --mask-file format: 'AZ EL' lines, '#' comments; a 360 line repeats 0 and is dropped.
  function maskFileToHorizon(text) {
    const pairs = [];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/#.*$/, '').trim();
      if (!line) continue;
      const f = line.split(/[\s,;]+/).filter(Boolean);
      if (f.length < 2) throw localError('horizon', 'line ' + (i + 1) + ' of the file: want "AZ EL", got "' + line.slice(0, 40) + '"');
      const a = Number(f[0]);
      const e = Number(f[1]);
      if (!isFinite(a) || !isFinite(e)) throw localError('horizon', 'line ' + (i + 1) + ' of the file: not numbers: "' + line.slice(0, 40) + '"');
      if (a === 360) continue;
      pairs.push(f[0] + ':' + f[1]);
    }
    if (!pairs.length) throw localError('horizon', 'the file has no "AZ EL" lines');
    return pairs.join(',');
  }

  function maskValue() {
    const m = Number($('mask').value);
    return $('mask').value.trim() !== '' && isFinite(m) ? clamp(m, 0, 89.99) : 10;
  }

  // Elevations of the 36 sectors as displayed, and whether they come from the plain mask.
  function heSectors() {
    const parsed = parseHorizonText($('horizon').value);
    if (parsed && parsed.length) {
      const f = interpolator(parsed);
      return { values: Array.from({ length: 36 }, (_, i) => f(i * 10)), fromMask: false, ok: true };
    }
    const m = maskValue();
    return { values: new Array(36).fill(m), fromMask: true, ok: parsed !== null };
  }

  function heXY(az, r) {
    const a = az * Math.PI / 180;
    return [HE.c + r * Math.sin(a), HE.c - r * Math.cos(a)];
  }

  function renderHorizonEditor() {
    const s = $('horizon-editor');
    clearSVG(s);
    const { c, R } = HE;
    const sec = heSectors();
    s.appendChild(svg('circle', { cx: c, cy: c, r: R, class: 'he-rim' }));
    for (let i = 0; i < 36; i++) {
      const e = clamp(sec.values[i], 0, 90);
      if (e <= 0.01 && i !== state.heSelected) continue;
      const a1 = i * 10 - 5;
      const a2 = i * 10 + 5;
      const ri = R * (90 - e) / 90;
      const [x1, y1] = heXY(a1, R);
      const [x2, y2] = heXY(a2, R);
      const [x3, y3] = heXY(a2, ri);
      const [x4, y4] = heXY(a1, ri);
      const d = `M${x1.toFixed(2)},${y1.toFixed(2)}A${R},${R} 0 0 1 ${x2.toFixed(2)},${y2.toFixed(2)}` +
        `L${x3.toFixed(2)},${y3.toFixed(2)}A${ri.toFixed(2)},${ri.toFixed(2)} 0 0 0 ${x4.toFixed(2)},${y4.toFixed(2)}Z`;
      let cls = 'he-sector';
      if (sec.fromMask) cls += ' from-mask';
      if (i === state.heSelected && document.activeElement === s) cls += ' selected';
      s.appendChild(svg('path', { d, class: cls, 'data-az': i * 10 }));
    }
    if (document.activeElement === s) {
      // keyboard cursor: the selected sector's outline, rim to zenith
      const i = state.heSelected;
      const [x1, y1] = heXY(i * 10 - 5, R);
      const [x2, y2] = heXY(i * 10 + 5, R);
      s.appendChild(svg('path', {
        d: `M${c},${c}L${x1.toFixed(2)},${y1.toFixed(2)}A${R},${R} 0 0 1 ${x2.toFixed(2)},${y2.toFixed(2)}Z`,
        class: 'he-cursor',
      }));
    }
    for (const e of [30, 60]) s.appendChild(svg('circle', { cx: c, cy: c, r: R * (90 - e) / 90, class: 'he-ring' }));
    for (let a = 0; a < 360; a += 30) {
      const [x, y] = heXY(a, R);
      s.appendChild(svg('line', { x1: c, y1: c, x2: x, y2: y, class: 'he-spoke' }));
    }
    for (const [lab, a] of [['N', 0], ['E', 90], ['S', 180], ['W', 270]]) {
      const [x, y] = heXY(a, R + 12);
      s.appendChild(svg('text', { x, y, class: 'he-label' }, lab));
    }
    const st = $('horizon-status');
    if (!sec.ok) st.textContent = 'The horizon text is not AZ:EL,… — the editor shows the mask.';
    else if (sec.fromMask) st.textContent = 'No horizon: the ' + maskValue() + '° mask applies everywhere.';
    else st.textContent = 'Horizon set (' + parseHorizonText($('horizon').value).length + ' points); sector ' +
      state.heSelected * 10 + '°: ' + Math.round(sec.values[state.heSelected] * 10) / 10 + '°.';
    $('mask').classList.toggle('overridden', !sec.fromMask || horizonText() !== '');
  }

  function setSectorElevation(i, e) {
    const vals = heSectors().values.map((v) => Math.round(v * 10) / 10);
    vals[i] = clamp(Math.round(e), 0, 89);
    $('horizon').value = vals.map((v, k) => k * 10 + ':' + cleanNum(v)).join(',');
    $('horizon').removeAttribute('aria-invalid');
    renderHorizonEditor();
  }

  function horizonPointer(ev) {
    const s = $('horizon-editor');
    const ctm = s.getScreenCTM();
    if (!ctm) return;
    const pt = s.createSVGPoint();
    pt.x = ev.clientX;
    pt.y = ev.clientY;
    const p = pt.matrixTransform(ctm.inverse());
    const dx = p.x - HE.c;
    const dy = p.y - HE.c;
    const r = Math.hypot(dx, dy);
    let az = Math.atan2(dx, -dy) * 180 / Math.PI;
    if (az < 0) az += 360;
    const i = Math.round(az / 10) % 36;
    const e = 90 * (1 - Math.min(r, HE.R) / HE.R);
    state.heSelected = i;
    setSectorElevation(i, e);
  }

  function horizonKey(ev) {
    const d = ev.shiftKey ? 5 : 1;
    const vals = heSectors().values;
    switch (ev.key) {
      case 'ArrowLeft': state.heSelected = (state.heSelected + 35) % 36; renderHorizonEditor(); break;
      case 'ArrowRight': state.heSelected = (state.heSelected + 1) % 36; renderHorizonEditor(); break;
      case 'ArrowUp': setSectorElevation(state.heSelected, Math.round(vals[state.heSelected]) + d); break;
      case 'ArrowDown': setSectorElevation(state.heSelected, Math.round(vals[state.heSelected]) - d); break;
      default: return;
    }
    ev.preventDefault();
  }

  async function loadHorizonFile() {
    const input = $('horizon-file');
    const file = input.files && input.files[0];
    if (!file) return;
    clearError();
    try {
      if (file.size > 1 << 20) throw localError('horizon', 'the horizon file is larger than 1 MiB');
      const text = await file.text();
      $('horizon').value = maskFileToHorizon(text);
      renderHorizonEditor();
      setStatus('Horizon read from ' + file.name + '.');
    } catch (e) {
      showError(e, 'Horizon file');
    } finally {
      input.value = '';
    }
  }

  // ---------------------------------------------------------------------
  // info and start-up

  function renderInfo(info) {
    const d = info.data || {};
    const sats = Array.isArray(d.satellites) ? d.satellites : [];
    const parts = ['version ' + (info.version || '?')];
    const src = Array.isArray(d.sources) ? d.sources.length + ' source' + (d.sources.length === 1 ? '' : 's') : '';
    parts.push('data: ' + (d.kind || '?') + (src ? ' (' + src + ')' : '') + (d.sha256 ? ', sha256 ' + String(d.sha256).slice(0, 12) + '…' : ''));
    parts.push(sats.filter((s) => s.count > 0).map((s) => (SYSTEM_LABELS[s.system] || s.system) + ' ' + s.count).join(', '));
    const info1 = $('data-info');
    info1.textContent = parts.filter(Boolean).join(' · ');
    info1.title = Array.isArray(d.sources) ? d.sources.join('\n') + (d.sha256 ? '\nsha256 ' + d.sha256 : '') : '';

    // systems with data
    const counts = new Map(sats.map((s) => [s.system, s.count]));
    const box = $('systems');
    clear(box);
    const defaults = Array.isArray(info.default_systems) ? info.default_systems : ['glonass', 'beidou'];
    for (const s of info.systems || []) {
      const n = counts.get(s) || 0;
      if (!(n > 0)) continue;
      const id = 'sys-' + s;
      const wrap = el('div', { class: 'sys-toggle' });
      const cb = el('input', { type: 'checkbox', id, value: s, 'data-system': s });
      cb.checked = defaults.includes(s);
      const lab = el('label', { for: id });
      lab.appendChild(swatch(systemColour(s)));
      lab.appendChild(document.createTextNode(' ' + (SYSTEM_LABELS[s] || s) + ' '));
      lab.appendChild(el('span', { class: 'count' }, '(' + n + ')'));
      wrap.appendChild(cb);
      wrap.appendChild(lab);
      box.appendChild(wrap);
    }

    // cities
    state.cities = Array.isArray(info.cities) ? info.cities : [];
    const sel = $('city');
    while (sel.options.length > 1) sel.remove(1);
    for (const c of state.cities) {
      sel.appendChild(el('option', { value: c.name }, c.name + ' (' + c.lat_deg + ', ' + c.lon_deg + ')'));
    }

    const services = Array.isArray(info.services) && info.services.length ? info.services : DEFAULT_SERVICES;
    const svc = $('service');
    clear(svc);
    for (const s of services) svc.appendChild(el('option', { value: s }, s));

    const quantities = Array.isArray(info.quantities) && info.quantities.length ? info.quantities : DEFAULT_QUANTITIES;
    const pq = $('plot-quantity');
    clear(pq);
    for (const q of quantities) pq.appendChild(el('option', { value: q }, q.replace(/_/g, ' ')));
    if (quantities.includes('mean_pdop')) pq.value = 'mean_pdop';

    const bandSel = $('band');
    clear(bandSel);
    for (const b of (Array.isArray(info.bands) ? info.bands : [])) bandSel.appendChild(el('option', { value: b }, b));
    const victimSel = $('victim');
    clear(victimSel);
    victimSel.appendChild(el('option', { value: '' }, 'every signal of the selected systems'));
    for (const sg of (Array.isArray(info.signals) ? info.signals : [])) {
      victimSel.appendChild(el('option', { value: sg.name }, sg.name + ' (' + (SYSTEM_LABELS[sg.system] || sg.system) + ')'));
    }

    const wb = Array.isArray(info.window_by) ? info.window_by : ['pdop'];
    const optI = $('window-by').querySelector('option[value="integrity"]');
    if (optI) {
      optI.disabled = !wb.includes('integrity');
      optI.title = optI.disabled ? 'not offered by this server yet' : '';
    }

    if (d.default_start_utc && !$('start').value) $('start').value = d.default_start_utc;

    // a starting site so that Run works at once
    if ($('lat').value.trim() === '' && state.cities.length) {
      const c = state.cities.find((x) => x.name === 'beijing') || state.cities[0];
      $('city').value = c.name;
      chooseCity();
    }
  }

  async function loadInfo() {
    try {
      const r = await fetch(API + 'info', { cache: 'no-store' });
      if (!r.ok) throw await errorFrom(r);
      const info = parseJSONRaw(await r.text());
      state.info = info;
      renderInfo(info);
    } catch (e) {
      $('data-info').textContent = 'the server did not describe its data';
      showError(e, 'Loading /api/v1/info');
      // still offer the two default systems so that the page is usable
      const box = $('systems');
      if (!box.children.length) {
        for (const s of ['glonass', 'beidou']) {
          const wrap = el('div', { class: 'sys-toggle' });
          const cb = el('input', { type: 'checkbox', id: 'sys-' + s, value: s });
          cb.checked = true;
          const lab = el('label', { for: 'sys-' + s });
          lab.appendChild(swatch(systemColour(s)));
          lab.appendChild(document.createTextNode(' ' + SYSTEM_LABELS[s]));
          wrap.appendChild(cb);
          wrap.appendChild(lab);
          box.appendChild(wrap);
        }
      }
      for (const s of DEFAULT_SERVICES) $('service').appendChild(el('option', { value: s }, s));
      for (const q of DEFAULT_QUANTITIES) $('plot-quantity').appendChild(el('option', { value: q }, q.replace(/_/g, ' ')));
    }
    renderHorizonEditor();
  }

  async function loadCoastline() {
    try {
      const r = await fetch(API + 'coastline');
      if (!r.ok) throw await errorFrom(r);
      const j = await r.json();
      drawCoast(Array.isArray(j.lines) ? j.lines : []);
    } catch (e) {
      // the map still works without coastlines
      const g = $('map-coast');
      clear(g);
      g.appendChild(svg('text', { x: 360, y: 180, class: 'empty-text' }, 'coastline unavailable'));
    }
  }

  function wire() {
    const form = $('controls');
    form.addEventListener('submit', (ev) => { ev.preventDefault(); run(); });
    form.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter' || ev.isComposing) return;
      const t = ev.target;
      if (t.tagName === 'BUTTON' || (t.tagName === 'INPUT' && t.type === 'file')) return;
      ev.preventDefault();
      run();
    });
    $('cancel').addEventListener('click', cancelAll);

    const m = $('map');
    m.addEventListener('click', mapClick);
    m.addEventListener('keydown', mapKey);
    $('city').addEventListener('change', chooseCity);
    for (const id of ['lat', 'lon']) {
      $(id).addEventListener('input', () => {
        $('city').value = '';
        moveMarker();
        updateDefaultRegion();
      });
    }
    $('height').addEventListener('input', () => {
      const c = state.cities.find((x) => x.name === $('city').value);
      if (c && Number($('height').value) !== c.height_m) $('city').value = '';
    });

    // horizon
    $('horizon').addEventListener('input', renderHorizonEditor);
    $('mask').addEventListener('input', renderHorizonEditor);
    $('horizon-file').addEventListener('change', loadHorizonFile);
    $('horizon-clear').addEventListener('click', () => {
      $('horizon').value = '';
      $('horizon').removeAttribute('aria-invalid');
      renderHorizonEditor();
    });
    const he = $('horizon-editor');
    let heDrag = false;
    he.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      heDrag = true;
      try { he.setPointerCapture(ev.pointerId); } catch (e) { /* ignore */ }
      he.focus({ preventScroll: true });
      horizonPointer(ev);
      ev.preventDefault();
    });
    he.addEventListener('pointermove', (ev) => { if (heDrag) horizonPointer(ev); });
    const heEnd = () => { heDrag = false; };
    he.addEventListener('pointerup', heEnd);
    he.addEventListener('pointercancel', heEnd);
    he.addEventListener('keydown', horizonKey);
    he.addEventListener('focus', renderHorizonEditor);
    he.addEventListener('blur', renderHorizonEditor);

    // results
    $('scrubber').addEventListener('input', onScrub);
    const ser = $('series');
    let serDrag = false;
    ser.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      serDrag = true;
      try { ser.setPointerCapture(ev.pointerId); } catch (e) { /* ignore */ }
      seriesPointer(ev);
    });
    ser.addEventListener('pointermove', (ev) => { if (serDrag) seriesPointer(ev); });
    ser.addEventListener('pointerup', () => { serDrag = false; });
    ser.addEventListener('pointercancel', () => { serDrag = false; });
    ser.addEventListener('click', seriesPointer);

    $('window-form').addEventListener('submit', (ev) => { ev.preventDefault(); runWindow(); });
    $('integrity-form').addEventListener('submit', (ev) => { ev.preventDefault(); runIntegrity(); });
    $('coverage-form').addEventListener('submit', (ev) => { ev.preventDefault(); runCoverage(); });
    $('psd-form').addEventListener('submit', (ev) => { ev.preventDefault(); runPSD(); });
    $('cn0-form').addEventListener('submit', (ev) => { ev.preventDefault(); runCN0(); });
    $('region').addEventListener('input', () => {
      state.regionTouched = $('region').value.trim() !== '';
      drawRegionBox();
    });
    $('grid').addEventListener('input', updateDefaultRegion);
    $('command-copy').addEventListener('click', copyCommands);

    // editing a field clears its error mark
    document.addEventListener('input', (ev) => {
      const t = ev.target;
      if (t && t.getAttribute && t.getAttribute('aria-invalid') === 'true') t.removeAttribute('aria-invalid');
    });
  }

  function init() {
    wire();
    drawGraticule();
    moveMarker();
    renderDownloads();
    renderSeries();
    renderSkyBase();
    renderHorizonEditor();
    updateBusy();
    loadCoastline();
    loadInfo();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
