// The live stream. EventSource cannot send an Authorization header, so each connection first asks
// for a single-use stream ticket with the bearer token (POST /api/v1/stream/tickets) and opens
// /api/v1/stream?ticket=…; after an error it asks for a new ticket and reconnects (a ticket opens
// one stream once).
import { post } from './api.js';

const NAMES = ['pool', 'decision', 'proposal', 'ping'];

export class Live {
  constructor(onEvent, onState) {
    this.onEvent = onEvent;
    this.onState = onState;
    this.source = null;
    this.stopped = false;
    this.retry = null;
  }

  async start() {
    this.stopped = false;
    this.onState('connecting');
    let ticket;
    try {
      ticket = await post('/api/v1/stream/tickets');
    } catch (e) {
      this.onState('offline: ' + e.message);
      this.later();
      return;
    }
    if (this.stopped) return;
    const source = new EventSource(ticket.stream_url);
    this.source = source;
    source.onopen = () => this.onState('live');
    source.onerror = () => {
      source.close();
      if (this.source === source) this.source = null;
      this.onState('reconnecting');
      this.later();
    };
    for (const name of NAMES) {
      source.addEventListener(name, (e) => {
        let data;
        try { data = JSON.parse(e.data); } catch (err) { return; }
        this.onEvent(name, data, e.lastEventId);
      });
    }
  }

  later() {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => { this.retry = null; this.start(); }, 3000);
  }

  stop() {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    if (this.source) this.source.close();
    this.source = null;
  }
}
