"""The app's screens (its modes) and the keys that show them, listed once: the app binds them,
the header names them (the current one in brackets), the palette and Help list them."""

from __future__ import annotations

from textual.content import Content

#: (mode, key, label, palette help)
SCREENS = (
    ("queue", "f2", "Queue", "Compose experiments and run the queue"),
    ("live", "f3", "Live", "Loss curves, progress and the perceptual-loss time overhead"),
    ("results", "f4", "Results", "Tables II-VIII beside the paper's numbers; export Markdown"),
    ("previews", "f5", "Previews", "Reconstructions before and after decoder retraining"),
    ("help", "f1", "Help", "Every key, and what the study measures"),
)


def screen_keys_title(title: str, current_mode: str) -> Content:
    """ "percae — F2 Queue  F3 Live  [F4 Results]  F5 Previews  F1 Help" (fits 80 columns)."""
    parts: list[str | tuple[str, str]] = [title, (" — ", "dim")]
    for index, (mode, key, label, _) in enumerate(SCREENS):
        if index:
            parts.append("  ")
        text = f"{key.upper()} {label}"
        parts.append((f"[{text}]", "bold") if mode == current_mode else (text, "dim"))
    return Content.assemble(*parts)
