/** The report page's inline stylesheet: system fonts only, nothing fetched. */
export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --panel: #f6f8fa;
  --good: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 6px; }
.meta, .muted { color: var(--muted); }
.verdict { margin: 20px 0; padding: 14px 18px; border-radius: 8px; border: 1px solid var(--line); background: var(--panel); }
.verdict .decision { font-size: 20px; font-weight: 700; letter-spacing: .02em; }
.verdict ul { margin: 6px 0 0; padding-left: 20px; }
.d-ship { border-color: var(--good); background: #dafbe1; } .d-ship .decision { color: var(--good); }
.d-do-not-ship { border-color: var(--bad); background: #ffebe9; } .d-do-not-ship .decision { color: var(--bad); }
.d-invalid { border-color: var(--warn); background: #fff8c5; } .d-invalid .decision { color: var(--warn); }
.d-inconclusive .decision { color: var(--muted); }
/* Wide tables scroll inside the page on small screens instead of widening it. */
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 6px 0 10px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
th:first-child, td:first-child, td.l, th.l { text-align: left; }
.pill { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
.better { color: var(--good); } .worse { color: var(--bad); } .neutral, .missing { color: var(--muted); }
.srm-ok { color: var(--good); } .srm-bad { color: var(--warn); font-weight: 700; }
.badge { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 4px; background: var(--panel);
  border: 1px solid var(--line); font-size: 12px; font-weight: 500; color: var(--muted); }
.badge.primary { color: #0969da; border-color: #0969da; } .badge.guardrail { color: var(--warn); border-color: var(--warn); }
svg.forest { display: block; max-width: 100%; height: auto; margin: 4px 0; }
svg.forest .grid { stroke: #eaeef2; } svg.forest .zero { stroke: var(--fg); stroke-dasharray: 4 3; }
svg.forest .ci { stroke-width: 3; stroke-linecap: round; }
svg.forest text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--fg); }
svg.forest text.tick, svg.forest text.missing { fill: var(--muted); }
svg.forest text.value { font-variant-numeric: tabular-nums; }
svg.forest text.better { fill: var(--good); } svg.forest text.worse { fill: var(--bad); } svg.forest text.neutral { fill: var(--muted); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;
