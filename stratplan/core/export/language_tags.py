"""The language of each run of text: Word's tags, a cheap guess for untagged text, tagging runs.

Word checks spelling, hyphenates and reads aloud by each run's w:lang. A template's own
styles may carry a language (an English Word sets en-US in Normal), which would override the
document's default: so every run is tagged explicitly, with the document's language or, inside
a point written in another language, with the point's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The regions Word users of each interface language expect; other codes go through Babel.
WORD_LANGUAGES = {"en": "en-GB", "lt": "lt-LT", "fr": "fr-FR", "es": "es-ES"}

# The commonest short words of each language a coalition of European NGOs writes in: enough
# to tell a paragraph's language from a few dozen words, with no model to load.
_STOPWORDS = {
    "en": "the and of to in is for with that on are this be by we will as from our it an or",
    "lt": "ir kad yra su į iš per bei ar kaip nuo dėl jų mūsų bus tai už apie po prie jog",
    "fr": "le la les et des du de un une est pour dans que qui sur au aux avec par nous sont "
          "ce cette pas leur",
    "es": "el la los las y de del que en un una es para por con se su sus al como más son "
          "nuestra nuestro",
    "de": "der die das und ist zu den mit von für auf des dem nicht ein eine wir sich im auch",
    "pt": "o os as e de do da dos das que em um uma para com não por mais se ao nossa",
    "it": "il lo gli e di del della che in un una per con non sono alla dei nel si",
    "nl": "de het een en van is dat op te in voor met niet zijn ook wij aan",
    "sv": "och att det som en på är för med av till den inte har vi om ett",
}
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}  # a short word -> the languages using it
for _lang, _words in _STOPWORDS.items():
    for _word in _words.split():
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _lang)
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_LT_LETTERS = re.compile("[ąčęėįšųūž]", re.IGNORECASE)
_SAMPLE = 600  # characters read: a guess needs a few sentences, not the whole body


def word_tag(code: str) -> str:
    """Word's language tag for an ISO 639 code: "fr" -> "fr-FR", "sv" -> "sv-SE"."""
    key = (code or "").strip().lower().replace("_", "-")
    if key in WORD_LANGUAGES:
        return WORD_LANGUAGES[key]
    return _likely_tag(key) if key else ""


@lru_cache(maxsize=64)
def _likely_tag(key: str) -> str:
    # CLDR's likely subtags give the usual region of a language: "sv" -> sv_Latn_SE.
    likely = get_global("likely_subtags").get(key.split("-")[0])
    if not likely:
        return ""
    try:
        locale = Locale.parse(likely)
    except (UnknownLocaleError, ValueError):
        return ""
    region = key.split("-")[1].upper() if "-" in key else locale.territory
    return f"{locale.language}-{region}" if region else locale.language


def guess_language(*texts: str) -> str:
    """The language most of the text's short words belong to, or "" when it is unclear."""
    sample = " ".join(texts)[:_SAMPLE].lower()
    tokens = _TOKEN.findall(sample)
    if len(tokens) < 4:
        return ""
    scores = dict.fromkeys(_STOPWORDS, 0)
    for token in tokens:
        for lang in _LANGUAGES_OF.get(token, ()):
            scores[lang] += 1
    if _LT_LETTERS.search(sample):
        scores["lt"] += 2  # these letters are Lithuanian's alone among the languages above
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 2 or top < second * 1.5:
        return ""
    return best


def point_language(declared: str, *texts: str) -> str:
    """The point's stated language, or the guess from its text."""
    return declared.strip().lower() or guess_language(*texts)


def tag_runs(elements: Iterable[Any], tag: str) -> None:
    """Give every run under `elements` that has no language yet the language `tag`."""
    if not tag:
        return
    r_tag, rpr_tag, lang_tag = f"{_W}r", f"{_W}rPr", f"{_W}lang"
    val = f"{_W}val"
    for element in elements:
        for r in element.iter(r_tag):
            rpr = r[0] if len(r) and r[0].tag == rpr_tag else None
            if rpr is None:
                rpr = r.makeelement(rpr_tag, {})
                r.insert(0, rpr)
            elif rpr.find(lang_tag) is not None:
                continue
            # w:lang comes after every property StratPlan writes (schema order).
            rpr.append(rpr.makeelement(lang_tag, {val: tag}))
