// The console's browser libraries, served from their webjars in the gateway's jar. The build
// writes the versions in (Maven resource filtering of this file only), so the other modules import
// from here and never name a version.
export { h, render, Component, Fragment } from '/console/lib/preact/@preact.version@/dist/preact.module.js';
export { default as uPlot } from '/console/lib/uplot/@uplot.version@/dist/uPlot.esm.js';
export const uPlotCss = '/console/lib/uplot/@uplot.version@/dist/uPlot.min.css';
