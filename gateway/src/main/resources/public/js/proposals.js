// Proposals: the list, and one proposal with its cost breakdown, justification (the forecast it
// answers), binding constraints, alternatives and history; approvers approve or reject with a
// reason (then order), operators record the delivery. Status changes arrive live from the stream.
import { h, Component } from './vendor.js';
import { get, post, may } from './api.js';
import { Table, Message, Status, Chart, money, num, when } from './ui.js';

const HOURS_PER_MONTH = 730;

export class ProposalList extends Component {
  constructor() {
    super();
    this.state = { items: null, error: null, status: '' };
  }

  componentDidMount() {
    this.load();
  }

  componentDidUpdate(prev) {
    if (prev.version !== this.props.version) this.load();
  }

  async load() {
    const q = this.state.status ? '?status=' + encodeURIComponent(this.state.status) : '';
    try {
      this.setState({ items: await get('/api/v1/proposals' + q), error: null });
    } catch (e) {
      this.setState({ error: e });
    }
  }

  render() {
    const { items, error, status } = this.state;
    return h('section', { id: 'page-proposals' },
      h('h1', null, 'Proposals'),
      h('form', { class: 'filters', onSubmit: (e) => { e.preventDefault(); this.load(); } },
        h('label', null, 'status ', h('select', { value: status, onChange: (e) => this.setState({ status: e.target.value }, () => this.load()) },
          ['', 'PROPOSED', 'APPROVED', 'REJECTED', 'ORDERED', 'DELIVERED', 'EXPIRED', 'SUPERSEDED'].map((s) => h('option', { value: s }, s || 'all'))))),
      error ? h(Message, { kind: 'error', text: error.message }) : null,
      h(Table, {
        id: 'proposals', rows: items, rowKey: (t) => t.proposal.proposal_id, empty: items ? 'No proposal.' : 'Loading…',
        onRow: (t) => { location.hash = '#/proposals/' + t.proposal.proposal_id; },
        columns: [
          { title: 'proposal', value: (t) => h('a', { href: '#/proposals/' + t.proposal.proposal_id }, t.proposal.proposal_id.slice(0, 8)) },
          { title: 'pool', value: (t) => t.proposal.pool },
          { title: 'status', value: (t) => h(Status, { status: t.proposal.status }) },
          { title: 'capex', num: true, value: (t) => money(t.proposal.capex, t.proposal.currency) },
          { title: 'per hour', num: true, value: (t) => money(t.proposal.cost_per_hour, t.proposal.currency) },
          { title: 'TCO', num: true, value: (t) => money(t.proposal.total_cost_of_ownership, t.proposal.currency) },
          { title: 'needed by', value: (t) => t.needed_by ?? '–' },
          { title: 'changed', value: (t) => when(t.proposal.status_changed_at) },
        ],
      }));
  }
}

/** Cumulative cost over the horizon, proposed mix against each alternative. */
function costChart(p) {
  const months = Math.max(1, p.horizon_months || 36);
  const xs = [];
  for (let m = 0; m <= months; m++) xs.push(m);
  const curve = (capex, perHour) => xs.map((m) => capex + perHour * HOURS_PER_MONTH * m);
  const colours = ['#7d3c98', '#b9770e', '#148f77', '#5d6d7e'];
  const alts = (p.alternatives || []).slice(0, 4);
  return {
    data: [xs, curve(p.capex, p.cost_per_hour), ...alts.map((a) => curve(a.capex, a.cost_per_hour))],
    series: [{ label: 'proposed', stroke: '#1e8449' }, ...alts.map((a, i) => ({ label: a.name, stroke: colours[i], dash: [5, 4] }))],
  };
}

export class ProposalDetail extends Component {
  constructor() {
    super();
    this.state = { tracked: null, error: null, reason: '', busy: false, done: null, actionError: null };
  }

  componentDidMount() {
    this.load();
  }

  componentDidUpdate(prev) {
    if (prev.id !== this.props.id) this.load();
    // A change of this proposal arrived on the stream: show it.
    const live = this.props.live;
    if (live && live !== prev.live && this.state.tracked && live.proposal_id === this.props.id
        && live.status !== this.state.tracked.proposal.status) {
      const history = [...this.state.tracked.history, { status: live.status, at: live.status_changed_at, by: live.changed_by, note: live.status_note }];
      this.setState({ tracked: { ...this.state.tracked, proposal: live, history } });
    }
  }

  async load() {
    try {
      this.setState({ tracked: await get('/api/v1/proposals/' + encodeURIComponent(this.props.id)), error: null });
    } catch (e) {
      this.setState({ error: e });
    }
  }

  async act(action) {
    this.setState({ busy: true, actionError: null, done: null });
    try {
      const body = this.state.reason.trim() ? { reason: this.state.reason.trim() } : (action === 'deliver' ? {} : { reason: '' });
      await post('/api/v1/proposals/' + encodeURIComponent(this.props.id) + '/' + action, body);
      // The new status is shown when the stream brings the change (or on the next load).
      this.setState({ busy: false, reason: '', done: action });
    } catch (e) {
      this.setState({ busy: false, actionError: e.message });
    }
  }

  actions(status) {
    const out = [];
    if (status === 'PROPOSED' && may('approver')) out.push(['approve', 'Approve'], ['reject', 'Reject']);
    if (status === 'APPROVED' && may('approver')) out.push(['order', 'Order (second step)']);
    if (status === 'ORDERED' && may('operator')) out.push(['deliver', 'Record delivery']);
    return out;
  }

  render() {
    const { tracked, error, reason, busy, done, actionError } = this.state;
    if (error) return h('section', { id: 'page-proposal' }, h(Message, { kind: 'error', text: error.message }));
    if (!tracked) return h('section', { id: 'page-proposal' }, h('p', { class: 'muted' }, 'Loading…'));
    const p = tracked.proposal;
    const cur = p.currency;
    const actions = this.actions(p.status);
    const chart = costChart(p);
    return h('section', { id: 'page-proposal' },
      h('p', null, h('a', { href: '#/proposals' }, '← all proposals')),
      h('h1', null, 'Proposal ', h('code', null, p.proposal_id.slice(0, 8)), ' for pool ', p.pool, ' ', h(Status, { status: p.status, id: 'proposal-status' })),
      h('p', { class: 'muted' }, 'needed by ', tracked.needed_by ?? '–', '; last change ', when(p.status_changed_at), ' by ', p.changed_by),
      h('h2', null, 'Why: the forecast it answers'),
      h('p', { id: 'justification', class: 'justification' }, p.justification),
      p.infeasibility ? h(Message, { kind: 'warn', text: 'Infeasible: ' + JSON.stringify(p.infeasibility) }) : null,
      h('h2', null, 'Cost breakdown'),
      h(Table, {
        id: 'line-items', rows: p.line_items, empty: 'No line item.',
        columns: [
          { title: 'SKU', value: (l) => l.sku },
          { title: 'category', value: (l) => l.category },
          { title: 'quantity', num: true, value: (l) => l.quantity },
          { title: 'unit capex', num: true, value: (l) => money(l.unit_capex, cur) },
          { title: 'capex', num: true, value: (l) => money((l.unit_capex || 0) * l.quantity, cur) },
          { title: 'unit per hour', num: true, value: (l) => money(l.unit_cost_per_hour, cur) },
          { title: 'per hour', num: true, value: (l) => money((l.unit_cost_per_hour || 0) * l.quantity, cur) },
          { title: 'lead time (days)', num: true, value: (l) => l.lead_time_days ?? '–' },
        ],
      }),
      h('table', { class: 'totals', id: 'totals' }, h('tbody', null,
        h('tr', null, h('th', null, 'capex'), h('td', { class: 'num' }, money(p.capex, cur))),
        h('tr', null, h('th', null, 'running cost per hour'), h('td', { class: 'num' }, money(p.cost_per_hour, cur))),
        h('tr', null, h('th', null, 'TCO over ' + p.horizon_months + ' months'), h('td', { class: 'num' }, money(p.total_cost_of_ownership, cur))))),
      h('p', null, 'Binding constraints: ', p.binding_constraints && p.binding_constraints.length ? p.binding_constraints.join(', ') : 'none'),
      h(Chart, { id: 'cost-chart', title: 'Cumulative cost by month (' + cur + ')', time: false, xLabel: 'months from order', data: chart.data, series: chart.series }),
      h('h2', null, 'Alternatives considered'),
      h(Table, {
        id: 'alternatives', rows: p.alternatives, empty: 'No alternative.',
        columns: [
          { title: 'mix', value: (a) => a.name },
          { title: 'capex', num: true, value: (a) => money(a.capex, cur) },
          { title: 'per hour', num: true, value: (a) => money(a.cost_per_hour, cur) },
          { title: 'TCO', num: true, value: (a) => money(a.total_cost_of_ownership, cur) },
          { title: 'vs proposed', num: true, value: (a) => (a.delta_vs_proposed >= 0 ? '+' : '') + money(a.delta_vs_proposed, cur) },
          { title: 'note', value: (a) => a.note ?? '' },
        ],
      }),
      actions.length ? h('div', { class: 'decide', id: 'decide' },
        h('h2', null, 'Decide'),
        h('label', { for: 'decision-reason' }, 'Reason (recorded with your name, ', h('b', null, 'required'), ' except for delivery)'),
        h('textarea', { id: 'decision-reason', maxLength: 2000, rows: 3, value: reason, onInput: (e) => this.setState({ reason: e.target.value }) }),
        h('div', { class: 'buttons' }, actions.map(([a, label]) => h('button', { id: 'action-' + a, disabled: busy, onClick: () => this.act(a) }, label))),
        actionError ? h(Message, { id: 'action-error', kind: 'error', text: actionError }) : null,
        done ? h(Message, { id: 'action-done', kind: 'info', text: done + ': sent; the status follows from the live stream.' }) : null)
        : h('p', { class: 'muted', id: 'no-actions' }, 'No action for your role in status ' + p.status + '.'),
      h('h2', null, 'History'),
      h(Table, {
        id: 'history', rows: tracked.history,
        columns: [
          { title: 'at', value: (c) => when(c.at) },
          { title: 'status', value: (c) => h(Status, { status: c.status }) },
          { title: 'by', value: (c) => c.by },
          { title: 'note', value: (c) => c.note ?? '' },
        ],
      }));
  }
}
