"""The report page's stylesheet and script, as text; no workbook text ever goes in here.

Both are fixed, so the page's Content-Security-Policy can pin them by hash: a
script smuggled into a role title would not run even if escaping failed. Zone
colours are filled in from `jobzone.workbooks.styles`, so the page and the workbook agree.
"""

from __future__ import annotations

STYLESHEET = """
:root{--ink:#1d2433;--muted:#5b6474;--line:#e3e7ee;--paper:#f4f6fa;--card:#fff;
--brand:#1f3864;--link:#2f5597;--shadow:0 1px 2px rgba(16,24,40,.06),0 2px 6px rgba(16,24,40,.08);
/*PALETTE*/
--s1:#1b7a5a;--s2:#61a77f;--s3:#d6a62a;--s4:#dd7a2f;--s5:#b7412f}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--ink);background:var(--paper);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Liberation Sans",
"DejaVu Sans",Arial,sans-serif}
a{color:var(--link);text-decoration:none}
a:hover{text-decoration:underline}
[hidden]{display:none!important}
.wrap{max-width:1280px;margin:0 auto;padding:0 24px}
.masthead{background:linear-gradient(120deg,#16294a,#1f3864 45%,#2f5597);color:#fff;
padding:34px 0 78px}
.eyebrow{margin:0 0 6px;font-size:12px;letter-spacing:.09em;text-transform:uppercase;opacity:.75}
h1{margin:0 0 6px;font-size:32px;line-height:1.2;font-weight:680;letter-spacing:-.01em}
.masthead .sub{margin:0;opacity:.82}
main.wrap{margin-top:-52px}
h2{margin:0 0 2px;font-size:17px;font-weight:650}
.hint{margin:0 0 14px;color:var(--muted);font-size:13px}
.card{background:var(--card);border-radius:14px;padding:20px 22px;box-shadow:var(--shadow);
min-width:0}
.row{display:grid;gap:18px;margin-bottom:18px}
.row.top{grid-template-columns:minmax(0,7fr) minmax(0,5fr)}
.row.charts{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
.row.charts .scatter-card{grid-column:1/-1}
@media (max-width:960px){.row.top,.row.charts{grid-template-columns:minmax(0,1fr)}}
.zones{display:grid;grid-template-columns:repeat(auto-fit,minmax(92px,1fr));gap:12px;margin-top:16px}
.zone-stat{border-radius:10px;padding:12px 14px}
.zone-foot{margin:14px 0 0;color:var(--muted);font-size:13px}
.zone-stat .count{font-size:34px;font-weight:720;line-height:1.1;font-variant-numeric:tabular-nums}
.zone-stat .what{font-size:13px;font-weight:600}
.zone-stat .share{font-size:13px;opacity:.85}
svg.strip{display:block;width:100%;height:16px;border-radius:8px;overflow:hidden}
.facts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:18px 18px;margin:16px 0 0}
.facts div{border-left:3px solid var(--line);padding-left:12px}
.facts dt{color:var(--muted);font-size:13px}
.facts dd{margin:0;font-size:24px;font-weight:700;font-variant-numeric:tabular-nums}
.facts dd small{display:block;font-size:13px;font-weight:500;color:var(--muted)}
svg.chart{display:block;width:100%;height:auto}
.chart-scroll{overflow-x:auto}
.chart-scroll svg.chart{min-width:420px}
.chart-scroll.wide svg.chart{min-width:620px}
svg text{font-family:inherit}
.tick,.axis-label{font-size:12px;fill:var(--muted)}
.axis-title{font-size:12px;fill:var(--muted);font-style:italic}
.value-label{font-size:12px;font-weight:650;fill:var(--ink)}
line.shift{stroke:var(--muted);stroke-width:2}
.matrix{border-collapse:collapse;margin:.4rem 0 1rem}
.matrix th,.matrix td{padding:8px 14px;text-align:center;border:1px solid var(--line)}
.matrix td.stay{background:var(--bg,#f4f6fa);font-weight:650}
.matrix td.move{background:#fff4e0;font-weight:650}
.matrix td.none{color:var(--muted)}
rect.step-down{fill:#5b8def}
rect.step-up{fill:#e08a3c}
line.axis{stroke:var(--muted);stroke-width:1}
.tornado{max-width:560px;margin:.6rem 0}
.gridline{stroke:var(--line);stroke-width:1}
.band{stroke:none;fill-opacity:.38}
.band-label{font-size:12px;font-weight:700}
.dot{fill-opacity:.72;stroke:#fff;stroke-width:1;transition:r .1s}
.dot:hover{fill-opacity:1;r:8}
/*ZONE_RULES*/
.s1{fill:var(--s1)}.s2{fill:var(--s2)}.s3{fill:var(--s3)}.s4{fill:var(--s4)}.s5{fill:var(--s5)}
.controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:4px 0 12px}
.controls input[type=search],.controls select{font:inherit;font-size:14px;padding:7px 10px;
border:1px solid #cfd6e2;border-radius:8px;background:#fff;color:var(--ink)}
.controls input[type=search]{flex:1 1 240px;min-width:0}
.controls label{font-size:14px;color:var(--muted);display:flex;gap:6px;align-items:center}
.count-line{margin-left:auto;font-size:13px;color:var(--muted);font-variant-numeric:tabular-nums}
.table-wrap{max-height:72vh;overflow:auto;border:1px solid var(--line);border-radius:10px}
table{width:100%;border-collapse:separate;border-spacing:0;font-size:14px}
thead th{position:sticky;top:0;z-index:1;background:#eef2f8;text-align:left;font-weight:650;
border-bottom:1px solid var(--line);white-space:nowrap;padding:0}
th button{all:unset;box-sizing:border-box;display:block;width:100%;padding:9px 12px;cursor:pointer}
th button:focus-visible{outline:2px solid var(--link);outline-offset:-2px}
th button::after{content:"\\2195";margin-left:6px;font-size:11px;opacity:.35}
th[aria-sort=ascending] button::after{content:"\\25B2";opacity:.8}
th[aria-sort=descending] button::after{content:"\\25BC";opacity:.8}
td{padding:8px 12px;border-bottom:1px solid var(--line);vertical-align:top}
tbody tr:nth-child(even){background:#fafbfd}
tbody tr:hover{background:#f0f4fb}
.num{text-align:right;font-variant-numeric:tabular-nums}
.nowrap{white-space:nowrap}
td.title a{font-weight:600}
.file{display:block;color:var(--muted);font-size:12px;word-break:break-all}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12.5px;font-weight:650;
white-space:nowrap;background:#eceff4;color:var(--muted)}
.note{color:var(--muted);font-size:12px;white-space:nowrap}
.sev{display:inline-block;padding:0 7px;border-radius:6px;font-size:12px;font-weight:650;
margin:1px 2px 1px 0}
.sev-error{background:#FFC7CE;color:#9C0006}
.sev-warning{background:#FFEB9C;color:#9C5700}
.sev-info{background:#dde6f5;color:#1f3864}
.empty{padding:18px;color:var(--muted);text-align:center}
.card.empty{margin-bottom:18px}
#derivations>h2{margin:30px 0 2px}
.details{display:grid;gap:14px}
.role-card{scroll-margin-top:16px;content-visibility:auto;contain-intrinsic-size:auto 440px}
.role-card:target{box-shadow:0 0 0 3px rgba(47,85,151,.45),var(--shadow)}
.role-card header{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:baseline}
.role-card h3{margin:0;font-size:17px}
.role-card .seniority{color:var(--muted);font-weight:500}
pre.derivation{margin:12px 0 0;padding:12px 14px;overflow-x:auto;background:#f6f8fb;
border:1px solid var(--line);border-radius:8px;white-space:pre;
font:12.5px/1.55 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",
"Liberation Mono",monospace}
ul.findings{margin:12px 0 0;padding:0;list-style:none}
ul.findings li{padding:6px 0;border-top:1px solid var(--line);font-size:14px}
ul.findings code{font-weight:650}
.where{color:var(--muted);font-size:12.5px;word-break:break-all}
.back{display:inline-block;margin-top:10px;font-size:13px}
footer{padding:26px 0 44px;color:var(--muted);font-size:12.5px}
@media (max-width:700px){.wrap{padding:0 14px}h1{font-size:25px}
.col-seniority,.col-tr{display:none}td,th button{padding:7px 8px}
.zone-stat .count{font-size:28px}.zone-stat{padding:10px}}
@media print{.masthead{background:none;color:var(--ink);padding:0}main.wrap{margin-top:0}
.controls{display:none}.table-wrap{max-height:none;overflow:visible}.card{box-shadow:none}}
"""

ZONE_RULES = """
.zone-%(key)s{--bg:#%(bg)s;--fg:#%(fg)s}
.badge.zone-%(key)s,.zone-stat.zone-%(key)s{background:#%(bg)s;color:#%(fg)s}
rect.zone-%(key)s{fill:#%(bg)s;stroke:#%(fg)s;stroke-width:1}
.dot.zone-%(key)s{fill:#%(fg)s}
.dot-before.zone-%(key)s{fill:#fff;stroke:#%(fg)s;stroke-width:2}
.matrix td.to-%(key)s,.matrix th.to-%(key)s{border-bottom:3px solid #%(fg)s}
.band.zone-%(key)s{fill:#%(bg)s;stroke:none}
.band-label.zone-%(key)s{fill:#%(fg)s}
svg.strip rect.zone-%(key)s{fill:#%(mid)s;stroke:none}
"""

SCRIPT = """
(function () {
  'use strict';
  const table = document.getElementById('roles-table');
  if (!table) { return; }
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const search = document.getElementById('filter-text');
  const zone = document.getElementById('filter-zone');
  const onlyFindings = document.getElementById('filter-findings');
  const countLine = document.getElementById('row-count');
  const empty = document.getElementById('no-rows');
  const texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  rows.forEach(function (row, index) { row.dataset.order = String(index); });

  function sortKey(row, column, numeric) {
    const cell = row.cells[column];
    let raw = cell.getAttribute('data-sort');
    if (raw === null) { raw = cell.textContent.trim(); }
    if (raw === '') { return null; }
    return numeric ? parseFloat(raw) : raw.toLowerCase();
  }

  function sortBy(header) {
    const column = header.cellIndex;
    const numeric = header.dataset.type === 'number';
    const ascending = header.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th[aria-sort]').forEach(function (th) {
      th.removeAttribute('aria-sort');
    });
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    const keyed = rows.map(function (row) {
      return { row: row, key: sortKey(row, column, numeric), order: Number(row.dataset.order) };
    });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) { return a.order - b.order; }
        return a.key === null ? 1 : -1;
      }
      let c = 0;
      if (numeric) { c = a.key - b.key; } else { c = a.key.localeCompare(b.key); }
      if (c === 0) { return a.order - b.order; }
      return ascending ? c : -c;
    });
    const fragment = document.createDocumentFragment();
    keyed.forEach(function (item) { fragment.appendChild(item.row); });
    table.removeChild(body);
    body.appendChild(fragment);
    table.appendChild(body);
  }

  function applyFilter() {
    const words = search.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
    const wantZone = zone.value;
    const needFindings = onlyFindings.checked;
    let shown = 0;
    rows.forEach(function (row, index) {
      const text = texts[index];
      const visible = words.every(function (w) { return text.indexOf(w) !== -1; }) &&
        (wantZone === '' || row.dataset.zone === wantZone) &&
        (!needFindings || row.dataset.problems !== '0');
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    countLine.textContent = 'Showing ' + shown + ' of ' + rows.length + ' roles';
    empty.hidden = shown !== 0;
  }

  table.querySelectorAll('th[data-type] button').forEach(function (button) {
    button.addEventListener('click', function () { sortBy(button.parentElement); });
  });
  search.addEventListener('input', applyFilter);
  zone.addEventListener('change', applyFilter);
  onlyFindings.addEventListener('change', applyFilter);
  applyFilter();
})();
"""
