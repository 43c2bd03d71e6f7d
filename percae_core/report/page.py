"""The report page: one HTML document whose figures are embedded as ``data:`` URIs, so it
opens with no network and no companion files."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html import escape

from percae_core import __version__
from percae_core.figures.drawn import Skipped
from percae_core.report.answer import answer_html
from percae_core.report.html_tables import list_html, table_html
from percae_core.report.ranking_part import RankingPart
from percae_core.report.style import CSS
from percae_core.results.table_data import Section


def _sentence(text: str) -> str:
    """Notes run on in a caption: each ends as a sentence."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


@dataclass(frozen=True)
class EmbeddedFigure:
    """A PNG figure ready for the page."""

    name: str
    title: str
    png: bytes
    notes: tuple[str, ...] = ()

    def html(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        notes = " ".join(escape(_sentence(note)) for note in self.notes)
        return (
            f'<figure id="figure-{escape(self.name)}">'
            f'<img src="data:image/png;base64,{data}" alt="{escape(self.title)}">'
            + (f"<figcaption>{notes}</figcaption>" if notes else "")
            + "</figure>"
        )


@dataclass
class SettingPart:
    """One setting's tables, figures and warnings."""

    slug: str
    section: Section
    figures: list[EmbeddedFigure] = field(default_factory=list)


def page_html(
    title: str,
    source: str,
    parts: list[SettingPart],
    runs: str,
    skipped: list[Skipped],
    ranking: RankingPart | None = None,
) -> str:
    """The whole document; ``source`` names the database as the reader should see it (its file
    name, never an absolute path)."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    contents = "".join(
        f'<li><a href="#setting-{escape(p.slug)}">{escape(p.section.heading)}</a></li>'
        for p in parts
    )
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">percae {escape(__version__)} · written {stamp} · from '
        f"{escape(source)} · the paper: Pihlgren et al., “Improving Image Autoencoder "
        "Embeddings with Perceptual Loss”, IJCNN 2020.</p>",
        '<nav><ul><li><a href="#answer">The answer</a></li>'
        f"{contents}{ranking.nav if ranking else ''}"
        '<li><a href="#runs">Runs, settings and versions</a></li></ul></nav>',
        answer_html([part.section for part in parts]),
    ]
    if skipped:
        body.append("<h3>Figures not made</h3>")
        body.append(list_html([s.text for s in skipped], "skipped"))
    for part in parts:
        body.append(f'<h2 id="setting-{escape(part.slug)}">{escape(part.section.heading)}</h2>')
        if part.section.warnings:
            body.append("<h3>Warnings</h3>")
            body.append(list_html(list(part.section.warnings), "warnings"))
        body.extend(table_html(table) for table in part.section.tables)
        if part.figures:
            body.append("<h3>Figures</h3>")
            body.extend(figure.html() for figure in part.figures)
    if ranking is not None:
        body.append(ranking.html())
    body.append('<h2 id="runs">Runs, settings and library versions</h2>')
    body.append(runs)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
