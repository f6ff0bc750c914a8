// The audit log (admins): every state-changing call, newest first, from GET /api/v1/audit.
import { h, Component } from './vendor.js';
import { get } from './api.js';
import { Table, Message, when } from './ui.js';

export class Audit extends Component {
  constructor() {
    super();
    this.state = { records: null, error: null, principal: '', action: '', result: '' };
  }

  componentDidMount() {
    this.load();
  }

  async load() {
    const q = new URLSearchParams({ limit: '200' });
    for (const k of ['principal', 'action', 'result']) if (this.state[k]) q.set(k, this.state[k]);
    try {
      this.setState({ records: await get('/api/v1/audit?' + q), error: null });
    } catch (e) {
      this.setState({ records: null, error: e });
    }
  }

  render() {
    const { records, error, principal, action, result } = this.state;
    return h('section', { id: 'page-audit' },
      h('h1', null, 'Audit log'),
      h('form', { class: 'filters', onSubmit: (e) => { e.preventDefault(); this.load(); } },
        h('label', null, 'principal ', h('input', { value: principal, onInput: (e) => this.setState({ principal: e.target.value }) })),
        h('label', null, 'action ', h('input', { value: action, placeholder: 'proposal.approve', onInput: (e) => this.setState({ action: e.target.value }) })),
        h('label', null, 'result ', h('select', { value: result, onChange: (e) => this.setState({ result: e.target.value }) },
          ['', 'ok', 'denied', 'refused', 'failed'].map((r) => h('option', { value: r }, r || 'all')))),
        h('button', { type: 'submit' }, 'Filter')),
      error ? h(Message, { kind: 'error', text: error.message }) : null,
      h(Table, {
        id: 'audit', rows: records, empty: records ? 'No record.' : 'Loading…',
        columns: [
          { title: 'time', value: (r) => when(r.time) },
          { title: 'principal', value: (r) => r.principal },
          { title: 'role', value: (r) => r.role },
          { title: 'action', value: (r) => r.action },
          { title: 'target', value: (r) => r.target },
          { title: 'from', value: (r) => r.address },
          { title: 'status', num: true, value: (r) => r.status },
          { title: 'result', value: (r) => r.result },
          { title: 'message', value: (r) => r.message ?? '' },
        ],
      }));
  }
}
