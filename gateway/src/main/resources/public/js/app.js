// The Fleetscale console: sign in with an API token, then the fleet overview, the decisions
// timeline, proposals and (admins) the audit log, updated live from /api/v1/stream.
// Plain ES modules on Preact and uPlot from the gateway's jar; no build step.
import { h, render, Component } from './vendor.js';
import { session, signIn, signOut, may } from './api.js';
import { Live } from './live.js';
import { Message } from './ui.js';
import { Overview } from './overview.js';
import { Decisions, entry } from './decisions.js';
import { ProposalList, ProposalDetail } from './proposals.js';
import { Audit } from './audit.js';

const MAX_LIVE_DECISIONS = 500;

function route() {
  const parts = (location.hash || '#/overview').slice(2).split('/');
  return { page: parts[0] || 'overview', id: parts[1] ? decodeURIComponent(parts[1]) : null };
}

class SignIn extends Component {
  constructor() {
    super();
    this.state = { token: '', error: null, busy: false };
  }

  async submit(e) {
    e.preventDefault();
    this.setState({ busy: true, error: null });
    try {
      this.props.onSignedIn(await signIn(this.state.token.trim()));
    } catch (err) {
      this.setState({ busy: false, error: err.status === 401 ? 'This token is not accepted (401).' : err.message });
    }
  }

  render() {
    return h('main', { class: 'signin', id: 'page-signin' },
      h('h1', null, 'Fleetscale console'),
      h('form', { onSubmit: (e) => this.submit(e) },
        h('label', { for: 'token' }, 'API token'),
        h('input', { id: 'token', type: 'password', autocomplete: 'off', value: this.state.token, onInput: (e) => this.setState({ token: e.target.value }) }),
        h('button', { id: 'sign-in', type: 'submit', disabled: this.state.busy || !this.state.token.trim() }, 'Sign in')),
      this.state.error ? h(Message, { id: 'signin-error', kind: 'error', text: this.state.error }) : null,
      h('p', { class: 'muted' }, 'The token stays in this tab (session storage) and is sent only to this gateway.'));
  }
}

class App extends Component {
  constructor() {
    super();
    this.state = { session: session(), route: route(), live: 'offline', pools: {}, decisions: [], proposal: null, proposalsVersion: 0 };
    this.onHash = () => this.setState({ route: route() });
  }

  componentDidMount() {
    window.addEventListener('hashchange', this.onHash);
    if (this.state.session) this.connect();
  }

  componentWillUnmount() {
    window.removeEventListener('hashchange', this.onHash);
    if (this.live) this.live.stop();
  }

  connect() {
    this.live = new Live((name, data) => this.onEvent(name, data), (state) => this.setState({ live: state }));
    this.live.start();
  }

  onEvent(name, data) {
    if (name === 'pool') {
      this.setState({ pools: { ...this.state.pools, [data.pool]: data } });
    } else if (name === 'decision') {
      this.setState({ decisions: [entry(data), ...this.state.decisions].slice(0, MAX_LIVE_DECISIONS) });
    } else if (name === 'proposal') {
      this.setState({ proposal: data, proposalsVersion: this.state.proposalsVersion + 1 });
    }
  }

  signedIn(s) {
    this.setState({ session: s });
    if (!location.hash) location.hash = '#/overview';
    this.connect();
  }

  signOut() {
    if (this.live) this.live.stop();
    signOut();
    this.setState({ session: null, live: 'offline' });
  }

  page() {
    const { route: r } = this.state;
    switch (r.page) {
      case 'decisions': return h(Decisions, { live: this.state.decisions });
      case 'proposals': return r.id ? h(ProposalDetail, { id: r.id, live: this.state.proposal })
        : h(ProposalList, { version: this.state.proposalsVersion });
      case 'audit': return may('admin') ? h(Audit, null) : h(Message, { kind: 'warn', text: 'The audit log is for admins.' });
      default: return h(Overview, { poolSummaries: this.state.pools });
    }
  }

  render() {
    const s = this.state.session;
    if (!s) return h(SignIn, { onSignedIn: (x) => this.signedIn(x) });
    const here = this.state.route.page;
    const link = (page, label) => h('a', { href: '#/' + page, id: 'nav-' + page, class: here === page ? 'current' : '' }, label);
    return h('div', { class: 'shell' },
      h('header', null,
        h('span', { class: 'brand' }, 'Fleetscale'),
        h('nav', null, link('overview', 'Overview'), link('decisions', 'Decisions'), link('proposals', 'Proposals'),
          may('admin') ? link('audit', 'Audit') : null),
        h('span', { class: 'live live-' + this.state.live.split(':')[0], id: 'live-state', title: 'live stream' }, this.state.live),
        h('span', { class: 'who', id: 'who' }, s.name, ' (', s.role, ')'),
        h('button', { id: 'sign-out', class: 'quiet', onClick: () => this.signOut() }, 'Sign out')),
      h('main', null, this.page()));
  }
}

const root = document.getElementById('app');
root.textContent = ''; // the "Loading" line: Preact renders beside existing children
render(h(App, null), root);
