"""Articles in other languages: named and not mapped, or (French) mapped with their places."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geomap.cli import report_run
from geomap.language import MIN_CHARS, detect_language
from geomap.pending import find_inputs, work_to_do
from geomap.pipeline import run
from geomap.settings import Settings

GERMAN = (
    "Hochwasser an der Donau\n\nDie Feuerwehr in Passau meldete am Morgen, dass der Pegel der Donau weiter "
    "steigt. Mehrere Straßen in der Altstadt wurden gesperrt, und die Bewohner wurden gebeten, ihre Keller zu "
    "räumen. Nach Angaben der Stadt sollen bis zum Abend weitere Helfer aus Regensburg eintreffen."
)
SPANISH = (
    "Llegan migrantes a Almería\n\nUn barco con más de doscientos migrantes llegó anoche al puerto de Almería "
    "tras cuatro días en el mar. Según la Cruz Roja, la mayoría salió de las costas de Argelia y varios "
    "pasajeros fueron trasladados al hospital. El gobierno regional pidió más recursos a Madrid."
)
ITALIAN = (
    "La protezione civile ha evacuato centinaia di famiglie nella provincia di Bologna dopo che il fiume ha "
    "rotto gli argini durante la notte. Le scuole resteranno chiuse fino a venerdì e i treni tra Firenze e "
    "Milano subiscono forti ritardi."
)
FRENCH = (
    "Traversée retardée\n\nLe navire a quitté Marseille pour Alger jeudi soir avec près de mille passagers à "
    "bord. La compagnie a indiqué que la traversée avait été retardée de six heures à cause du mauvais temps.\n\n"
    "Les autorités portuaires de Marseille ont renforcé les contrôles après l'arrivée de camions venus de Lyon "
    "et de Toulouse."
)
# English, with foreign names and quotes in three languages.
ENGLISH_WITH_QUOTES = (
    "Minister visits Warsaw\n\nThe foreign minister flew from Berlin to Warsaw on Tuesday for talks with her "
    'Polish counterpart. "Wir stehen an Ihrer Seite," she told reporters at the airport in Okęcie, before '
    'visits to Gdańsk, Łódź and Szczecin. In Kraków, students held signs reading "Solidarność" and '
    '"Nunca más", and a choir sang "Mazurek Dąbrowskiego".'
)
SHORT_ENGLISH = "Jürgen Müller left Düsseldorf for Zürich."


def test_the_language_of_an_article_is_named() -> None:
    assert [detect_language(text) for text in (GERMAN, SPANISH, ITALIAN, FRENCH)] == ["de", "es", "it", "fr"]


def test_an_english_article_full_of_foreign_names_and_quotes_stays_english() -> None:
    assert detect_language(ENGLISH_WITH_QUOTES) == "en"


def test_a_text_too_short_to_tell_is_not_given_a_language() -> None:
    # The detector alone calls this sentence German; it is too short to tell.
    assert len(SHORT_ENGLISH) < MIN_CHARS
    assert detect_language(SHORT_ENGLISH) is None
    assert detect_language(GERMAN[: MIN_CHARS // 2]) is None


def _stderr_lines(captured: str) -> list[str]:
    return [line for line in captured.splitlines() if line.startswith("geomap:")]


def test_articles_in_other_languages_are_named_in_the_summary_and_the_index_and_kept(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "hochwasser.txt").write_text(GERMAN, encoding="utf-8")
    (inbox / "migrantes.txt").write_text(SPANISH, encoding="utf-8")
    (inbox / "visit.txt").write_text(ENGLISH_WITH_QUOTES, encoding="utf-8")
    (inbox / "short.txt").write_text(f"{SHORT_ENGLISH}\n\nHe arrived on Monday.", encoding="utf-8")
    chosen = settings.with_overrides(out_dir=tmp_path / "maps")

    summary = run([inbox], chosen)
    assert sorted(Path(r.article.path).name for r in summary.results) == ["short.txt", "visit.txt"]
    reasons = {Path(f.path).name: f.reason for f in summary.failures}
    assert set(reasons) == {"hochwasser.txt", "migrantes.txt"}
    assert reasons["hochwasser.txt"].startswith("written in German (de)")
    assert reasons["migrantes.txt"].startswith("written in Spanish (es)")
    report_run(summary, [inbox], chosen)
    said = _stderr_lines(capsys.readouterr().err)
    assert any("hochwasser.txt: written in German (de)" in line for line in said)
    assert "2 not mapped (written in German, Spanish)" in said[-1]
    assert "failed" not in said[-1]
    index = (chosen.out_dir / "index.html").read_text(encoding="utf-8")
    not_mapped = re.search(r"<h2>Not mapped</h2>(.*?)</section>", index, re.DOTALL)
    assert not_mapped is not None
    assert "written in German (de)" in not_mapped.group(1)
    assert "written in Spanish (es)" in not_mapped.group(1)

    # Nothing is new for the next run; one with a new article keeps them on the index.
    assert work_to_do(find_inputs([inbox], chosen), chosen) is None
    (inbox / "ferry.txt").write_text("Ferry news\n\nA ferry sailed from Dover to Calais on Friday.", encoding="utf-8")
    again = run([inbox], chosen)
    assert [Path(r.article.path).name for r in again.results] == ["ferry.txt"]
    assert again.ok and not again.failures and len(again.skipped) == 4
    index = (chosen.out_dir / "index.html").read_text(encoding="utf-8")
    assert "written in German (de)" in index and "written in Spanish (es)" in index


@pytest.mark.slow
def test_a_french_article_gets_its_places_on_the_map(tmp_path: Path, settings: Settings) -> None:
    """The French model finds the places; the event rules are English, so no movement is read."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "navire.txt").write_text(FRENCH, encoding="utf-8")
    summary = run([inbox], settings.with_overrides(out_dir=tmp_path / "maps"))
    (result,) = summary.results
    places = {(p.name, p.country_code) for p in result.places}
    assert {("Marseille", "FR"), ("Lyon", "FR"), ("Toulouse", "FR")} <= places
    assert not result.events
    assert any("not read in articles in French" in warning for warning in result.warnings)
