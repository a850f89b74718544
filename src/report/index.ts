/**
 * Rendering an {@link ExperimentReport}: a fixed-width table for terminals and
 * a self-contained HTML page. Re-exported from `splitkit/analysis`.
 */
export { renderTerminalReport, useColor } from './terminal.js';
export type { TerminalReportOptions } from './terminal.js';
export { renderHtmlReport } from './html.js';
