// Decisions timeline: autoscale decisions and rebalance plans, newest first, from
// GET /api/v1/decisions?pool=&kind=&limit= and, live, from the stream. A 404 from the decisions
// route leaves the live timeline working.
import { h, Component } from './vendor.js';
import { get } from './api.js';
import { Table, Message, Chart, num, when, pick, unavailable } from './ui.js';

/** One timeline entry from a decision of the API or of the stream. */
export function entry(d) {
  return {
    id: pick(d, 'id', 'decision_id', 'plan_id', 'event.decision_id', 'event.plan_id'),
    kind: pick(d, 'kind') ?? (pick(d, 'plan_id') ? 'rebalance' : 'autoscale'),
    pool: pick(d, 'pool', 'event.pool'),
    at: pick(d, 'at', 'decided_at', 'planned_at', 'event.decided_at', 'event.planned_at'),
    reason: pick(d, 'reason', 'event.reason') ?? '',
    observed: pick(d, 'observed_value', 'event.observed_value'),
    target: pick(d, 'target_value', 'event.target_value'),
    change: pick(d, 'event.desired_replicas', 'desired_replicas') !== undefined
      ? pick(d, 'event.current_replicas', 'current_replicas') + ' → ' + pick(d, 'event.desired_replicas', 'desired_replicas')
      : (pick(d, 'event.moves', 'moves') || []).length + ' moves',
  };
}

export class Decisions extends Component {
  constructor() {
    super();
    this.state = { loaded: [], error: null, pool: '', kind: '' };
  }

  componentDidMount() {
    this.load();
  }

  async load() {
    const q = new URLSearchParams({ limit: '200' });
    if (this.state.pool) q.set('pool', this.state.pool);
    if (this.state.kind) q.set('kind', this.state.kind);
    try {
      const body = await get('/api/v1/decisions?' + q);
      const items = Array.isArray(body) ? body : (body.items || body.decisions || []);
      this.setState({ loaded: items.map(entry), error: null });
    } catch (e) {
      this.setState({ loaded: [], error: e });
    }
  }

  render() {
    const { pool, kind, loaded, error } = this.state;
    const seen = new Set();
    const all = [...(this.props.live || []), ...loaded].filter((d) => {
      if (seen.has(d.id)) return false;
      seen.add(d.id);
      return (!pool || d.pool === pool) && (!kind || d.kind === kind);
    }).sort((a, b) => String(b.at).localeCompare(String(a.at)));
    const auto = all.filter((d) => d.kind === 'autoscale' && d.observed !== undefined).reverse();
    const xs = auto.map((d) => new Date(d.at).getTime() / 1000);
    return h('section', { id: 'page-decisions' },
      h('h1', null, 'Decisions'),
      h('form', { class: 'filters', onSubmit: (e) => { e.preventDefault(); this.load(); } },
        h('label', null, 'pool ', h('input', { value: pool, onInput: (e) => this.setState({ pool: e.target.value }) })),
        h('label', null, 'kind ', h('select', { value: kind, onChange: (e) => this.setState({ kind: e.target.value }) },
          h('option', { value: '' }, 'all'), h('option', { value: 'autoscale' }, 'autoscale'), h('option', { value: 'rebalance' }, 'rebalance'))),
        h('button', { type: 'submit' }, 'Filter')),
      error ? h(Message, { id: 'decisions-unavailable', kind: 'warn', text: unavailable(error, 'The decisions API') + ' Decisions made from now on appear live below.' }) : null,
      auto.length > 1 ? h(Chart, {
        id: 'decisions-chart', title: 'Utilization seen by the autoscaler and its target (%)',
        data: [xs, auto.map((d) => d.observed), auto.map((d) => d.target)],
        series: [{ label: 'observed', stroke: '#c0392b', points: true }, { label: 'target', stroke: '#2471a3', dash: [6, 4] }],
      }) : null,
      h(Table, {
        id: 'decisions', rows: all, rowKey: (d) => d.id, empty: 'No decision yet.',
        columns: [
          { title: 'at', value: (d) => when(d.at) },
          { title: 'kind', value: (d) => d.kind },
          { title: 'pool', value: (d) => d.pool },
          { title: 'change', value: (d) => d.change },
          { title: 'observed', num: true, value: (d) => num(d.observed) },
          { title: 'reason', value: (d) => d.reason },
        ],
      }));
  }
}
