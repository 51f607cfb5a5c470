"""The words of each stage that a search finds a sheet by, in French whatever the reader's
language (the index is French): the stage's name and how a sheet is said to be at it."""

from __future__ import annotations

STAGE_WORDS = {
    "emergence": "émergence, en émergence",
    "experimentation": "expérimentation, expérimentée",
    "evaluation": "évaluation, évaluée",
    "essaimage": "essaimage, essaimée",
    "arretee": "arrêtée, arrêt",
}


def stage_words(stage: str | None) -> str:
    return f"Étape : {STAGE_WORDS[stage]}" if stage in STAGE_WORDS else ""
