"""The report's stylesheet: plain CSS inside the page (no fonts or files fetched), readable on
screen and on paper (figures and tables kept whole across pages)."""

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
  margin: 2rem auto; max-width: 1180px; padding: 0 1.2rem; color: #1d1d1f; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #d0d4da; padding-bottom: .2rem;
  margin-top: 2.4rem; }
h3 { font-size: 1.02rem; margin: 1.4rem 0 .2rem; }
.meta, .caption { color: #555; font-size: .88rem; margin: .2rem 0 .5rem; }
table { border-collapse: collapse; font-size: .86rem; margin: .4rem 0; }
th, td { border: 1px solid #d0d4da; padding: .25rem .55rem; text-align: right;
  vertical-align: top; }
thead th { background: #eef1f5; text-align: center; }
tbody th { text-align: left; background: #f7f8fa; }
table.runs td { text-align: left; font-size: .78rem; }
ul.notes, ul.warnings, ul.skipped, ul.experiments { font-size: .85rem; color: #333; }
ul.warnings li, ul.skipped li { margin-bottom: .25rem; }
.warnings { border-left: 4px solid #e0a100; padding-left: .6rem; }
.skipped { border-left: 4px solid #b22222; padding-left: .6rem; }
p.answer { margin: .5rem 0; padding: .4rem .7rem; border-left: 4px solid #2e7d32;
  background: #f4f8f4; font-size: .92rem; }
section.comparisons table { font-size: .8rem; }
figure { margin: 1.2rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #e2e5ea; }
figcaption { font-size: .85rem; color: #444; }
nav ul { columns: 2; font-size: .9rem; }
code { font-size: .78rem; word-break: break-all; }
@media print {
  body { margin: 0; max-width: none; }
  section.table, figure, table { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-before: page; }
  nav { display: none; }
}
"""
