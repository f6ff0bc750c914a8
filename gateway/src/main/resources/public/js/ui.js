// Small helpers shared by the views. Every value is rendered as text by Preact (never as HTML).
import { h, Component, uPlot, uPlotCss } from './vendor.js';

let cssAdded = false;
function addChartCss() {
  if (cssAdded) return;
  cssAdded = true;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = uPlotCss;
  document.head.appendChild(link);
}

export function money(value, currency) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '–';
  return new Intl.NumberFormat('en', { style: 'currency', currency: currency || 'USD', maximumFractionDigits: 0 }).format(value);
}

export function num(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '–';
  return Number(value).toFixed(digits);
}

export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** The first of {@code keys} that {@code obj} has (the fleet API's field names, tolerantly). */
export function pick(obj, ...keys) {
  if (!obj) return undefined;
  for (const k of keys) {
    const parts = k.split('.');
    let v = obj;
    for (const p of parts) v = v == null ? undefined : v[p];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

export function Status({ status, id }) {
  return h('span', { class: 'status status-' + String(status).toLowerCase(), id }, status);
}

export function Message({ kind, text, id }) {
  return h('p', { class: 'message ' + (kind || 'info'), id, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/**
 * The panel's message when a fleet or decision route fails. A gateway without the route answers
 * 404 (or 403 where micronaut-security refuses an unknown route to a signed-in token).
 */
export function unavailable(error, what) {
  if (error && (error.status === 404 || error.status === 403)) {
    return what + ' is not available on this gateway (' + error.status + ': ' + error.message + ').';
  }
  return what + ': ' + (error ? error.message : 'unknown error');
}

export function Table({ columns, rows, empty, id, rowKey, onRow }) {
  if (!rows || rows.length === 0) return h('p', { class: 'muted', id }, empty || 'Nothing yet.');
  return h('table', { id },
    h('thead', null, h('tr', null, columns.map((c) => h('th', { class: c.num ? 'num' : '' }, c.title)))),
    h('tbody', null, rows.map((r, i) => h('tr', {
      key: rowKey ? rowKey(r) : i,
      class: onRow ? 'link' : '',
      'data-key': rowKey ? rowKey(r) : undefined,
      onClick: onRow ? () => onRow(r) : undefined,
    }, columns.map((c) => h('td', { class: c.num ? 'num' : '' }, c.value(r)))))));
}

/** A uPlot chart: {@code data} is uPlot's [xs, ys…]; {@code series} names and colours the ys. */
export class Chart extends Component {
  componentDidMount() {
    addChartCss();
    this.draw();
  }

  componentDidUpdate() {
    this.draw();
  }

  componentWillUnmount() {
    if (this.plot) this.plot.destroy();
  }

  draw() {
    const { data, series, height, title, time } = this.props;
    if (this.plot) this.plot.destroy();
    this.plot = null;
    if (!data || data[0].length === 0 || !this.base) return;
    const width = Math.max(320, (this.base.clientWidth || 640) - 8);
    this.plot = new uPlot({
      title, width, height: height || 220,
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, dash: s.dash, fill: s.fill, points: { show: s.points ?? false } }))],
      scales: { x: { time: time !== false } },
      axes: [{ label: this.props.xLabel }, { size: 80 }],
    }, data, this.base);
  }

  render() {
    return h('div', { class: 'chart', id: this.props.id });
  }
}
