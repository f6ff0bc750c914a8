// Fleet overview: pools (from the stream's pool summaries and GET /api/v1/pools), the GPU
// utilization heat map, unhealthy GPUs (XID, ECC, remapped rows, throttling) and idle GPUs
// (0 % for 5 minutes). The fleet routes are served by the gateway's fleet API; where a route
// answers 404 the panel says so and the rest of the page works.
import { h, Component } from './vendor.js';
import { get } from './api.js';
import { Table, Message, num, when, pick, unavailable } from './ui.js';

function list(body, ...keys) {
  if (Array.isArray(body)) return body;
  for (const k of keys) if (body && Array.isArray(body[k])) return body[k];
  return [];
}

function heat(util) {
  if (util === undefined || util === null) return '#d0d4da';
  const u = Math.max(0, Math.min(100, Number(util))) / 100;
  // From cool grey-blue (idle) to hot red (saturated).
  const hue = 220 - 220 * u;
  return `hsl(${hue}, 70%, ${70 - 25 * u}%)`;
}

function gpuId(g) {
  return (pick(g, 'host', 'host_id') ?? '?') + '/' + (pick(g, 'index', 'gpu_index', 'gpu', 'uuid') ?? '?');
}

function gpuUtil(g) {
  return pick(g, 'utilization', 'utilization_percent', 'gpu_util', 'util', 'latest.utilization', 'values.utilization');
}

function problems(g) {
  const out = [];
  const health = pick(g, 'health') || g;
  const xid = pick(health, 'xid', 'last_xid', 'xid_events');
  if (xid && (!Array.isArray(xid) || xid.length)) out.push('XID ' + (Array.isArray(xid) ? xid.map((x) => pick(x, 'code', 'xid') ?? x).join(',') : xid));
  const ecc = pick(health, 'ecc_uncorrected', 'ecc_errors', 'ecc');
  if (ecc) out.push('ECC ' + ecc);
  const rows = pick(health, 'remapped_rows_failed', 'remapped_rows', 'row_remap_failure');
  if (rows) out.push('remapped rows ' + rows);
  const thr = pick(health, 'throttled', 'throttling', 'throttle_reasons');
  if (thr && (!Array.isArray(thr) || thr.length)) out.push('throttling ' + (Array.isArray(thr) ? thr.join(',') : thr));
  if (health && health.healthy === false && out.length === 0) out.push('unhealthy');
  return out;
}

export class Overview extends Component {
  constructor() {
    super();
    this.state = { pools: null, poolsError: null, gpus: null, gpusError: null, idle: null, idleError: null };
  }

  componentDidMount() {
    this.load();
  }

  async load() {
    const fetchInto = async (path, key, ...keys) => {
      try {
        this.setState({ [key]: list(await get(path), ...keys), [key + 'Error']: null });
      } catch (e) {
        this.setState({ [key]: null, [key + 'Error']: e });
      }
    };
    await Promise.all([
      fetchInto('/api/v1/pools', 'pools', 'pools', 'items'),
      fetchInto('/api/v1/gpus', 'gpus', 'gpus', 'items'),
      fetchInto('/api/v1/gpus/idle', 'idle', 'gpus', 'idle', 'items'),
    ]);
  }

  render() {
    const live = Object.values(this.props.poolSummaries || {});
    const { pools, poolsError, gpus, gpusError, idle, idleError } = this.state;
    const unhealthy = (gpus || []).map((g) => ({ g, p: problems(g) })).filter((x) => x.p.length);
    return h('section', { id: 'page-overview' },
      h('h1', null, 'Fleet overview'),
      h('h2', null, 'Pools, live'),
      h(Table, {
        id: 'live-pools', rows: live.sort((a, b) => a.pool.localeCompare(b.pool)), rowKey: (p) => p.pool,
        empty: 'No pool summary yet: each pool reports with its next autoscale decision (about every pool window).',
        columns: [
          { title: 'pool', value: (p) => p.pool },
          { title: 'hosts ready', num: true, value: (p) => p.replicas_ready },
          { title: 'requested', num: true, value: (p) => p.replicas_requested ?? '–' },
          { title: 'desired', num: true, value: (p) => p.desired_replicas },
          { title: 'utilization %', num: true, value: (p) => num(p.observed) },
          { title: 'target %', num: true, value: (p) => num(p.target) },
          { title: 'mode', value: (p) => p.mode },
          { title: 'at', value: (p) => when(p.at) },
        ],
      }),
      h('h2', null, 'Pools: capacity and forecast'),
      poolsError ? h(Message, { id: 'pools-unavailable', kind: 'warn', text: unavailable(poolsError, 'The pools API') })
        : h(Table, {
          id: 'pools', rows: pools, rowKey: (p) => pick(p, 'pool', 'name'),
          columns: [
            { title: 'pool', value: (p) => pick(p, 'pool', 'name') },
            { title: 'hosts', num: true, value: (p) => pick(p, 'hosts', 'host_count') ?? '–' },
            { title: 'GPUs', num: true, value: (p) => pick(p, 'gpus', 'gpu_count') ?? '–' },
            { title: 'utilization %', num: true, value: (p) => num(pick(p, 'utilization', 'utilization_percent', 'gpu_utilization')) },
            { title: 'capacity', num: true, value: (p) => pick(p, 'capacity', 'capacity_gpus') ?? '–' },
            { title: 'forecast', num: true, value: (p) => num(pick(p, 'forecast', 'forecast_peak', 'forecast_gpus')) },
          ],
        }),
      h('h2', null, 'GPU utilization'),
      gpusError ? h(Message, { id: 'gpus-unavailable', kind: 'warn', text: unavailable(gpusError, 'The GPUs API') })
        : (gpus && gpus.length ? h('div', { class: 'heatmap', id: 'heatmap' }, gpus.map((g) => h('div', {
          class: 'cell', title: gpuId(g) + ': ' + num(gpuUtil(g), 0) + ' %', style: { background: heat(gpuUtil(g)) },
        }))) : h('p', { class: 'muted' }, 'No GPUs reported.')),
      h('h2', null, 'Unhealthy GPUs'),
      gpusError ? h(Message, { kind: 'warn', text: unavailable(gpusError, 'The GPUs API') })
        : h(Table, {
          id: 'unhealthy', rows: unhealthy, empty: 'No GPU reports an XID, ECC error, remapped-row failure or throttling.',
          columns: [{ title: 'GPU', value: (x) => gpuId(x.g) }, { title: 'pool', value: (x) => pick(x.g, 'pool') ?? '–' }, { title: 'problems', value: (x) => x.p.join('; ') }],
        }),
      h('h2', null, 'Idle GPUs (0 % for 5 minutes)'),
      idleError ? h(Message, { id: 'idle-unavailable', kind: 'warn', text: unavailable(idleError, 'The idle-GPU API') })
        : h(Table, {
          id: 'idle', rows: idle, empty: 'No idle GPU.',
          columns: [{ title: 'GPU', value: gpuId }, { title: 'pool', value: (g) => pick(g, 'pool') ?? '–' }, { title: 'idle since', value: (g) => when(pick(g, 'idle_since', 'since')) }],
        }));
  }
}
