"""Core messages: English templates, translated at the edge, complete catalogues, the CLI's language."""

from __future__ import annotations

import gettext
import importlib.util
import string
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from stratplan import cli
from stratplan.core.errors import BadOperationError, NotFoundError, ValidationError
from stratplan.core.messages import Message, catalogue, environment_language, msg, plural, text_of

ROOT = Path(__file__).resolve().parents[2]


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_messages", ROOT / "scripts" / "update_messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script()


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_an_error_reads_in_english_and_in_the_readers_language() -> None:
    exc = ValidationError("No member organisation has the code '{code}'.", code="XYZ")
    assert str(exc) == "No member organisation has the code 'XYZ'."
    assert exc.translated("fr") == "Aucune organisation membre n'a le code «\u00a0XYZ\u00a0»."
    assert exc.translated("es") == "Ninguna organización miembro tiene el código «XYZ»."
    assert exc.translated("lt") == "Nė viena narė organizacija neturi kodo „XYZ“."
    assert exc.translated("de") == str(exc)


def test_a_plain_sentence_keeps_its_braces_and_subclass_arguments_stay_apart() -> None:
    exc = ValidationError("Write it like {\"P1\": \"yes\"}.", field="choices")
    assert str(exc) == "Write it like {\"P1\": \"yes\"}." and exc.field == "choices"
    bad = BadOperationError("'{kind}' has no {key}.", kind="proposal.edit", key="title")
    assert str(bad) == "'proposal.edit' has no title." and (bad.kind, bad.key) == ("proposal.edit", "title")


def test_plural_forms_follow_the_count_in_every_language() -> None:
    one = plural("shared working language: {languages}", "shared working languages: {languages}", 1,
                 languages="fr")
    two = plural("shared working language: {languages}", "shared working languages: {languages}", 2,
                 languages="fr, es")
    assert (str(one), str(two)) == ("shared working language: fr", "shared working languages: fr, es")
    assert one.translated("lt") == "bendra darbo kalba: fr"
    assert two.translated("lt") == "bendros darbo kalbos: fr, es"
    assert two.translated("es") == "lenguas de trabajo comunes: fr, es"


def test_a_translation_that_lost_its_placeholder_falls_back_to_english() -> None:
    class Broken(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return "Code {kode} inconnu"

    message = msg("No member organisation has the code '{code}'.", code="XYZ")
    assert message.render(Broken()) == "No member organisation has the code 'XYZ'."


def test_a_message_inside_a_message_is_translated_too() -> None:
    exc = NotFoundError("There is no store at {path} ({where}). Check the path, or make a store there with "
                        "`stratplan --db {path} setup ...` or `stratplan --db {path} demo`.",
                        path="/x", where=msg("there is no such file"))
    assert "(there is no such file)" in str(exc)
    assert "(no existe ese archivo)" in exc.translated("es")
    assert text_of(exc, "fr").startswith("Il n'y a pas de base à /x (ce fichier n'existe pas)")
    assert text_of(OSError("disk"), "fr") == "disk"


@pytest.mark.parametrize(("environ", "language"), [
    ({"LANG": "es_ES.UTF-8"}, "es"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
    ({"LANGUAGE": "de:fr", "LANG": "de_DE.UTF-8"}, "fr"),
    ({"LANGUAGE": "fr", "LANG": "C"}, "en"),  # as gettext: LANGUAGE is ignored in the C locale
    ({"LC_ALL": "lt_LT.UTF-8", "LANG": "fr_FR.UTF-8"}, "lt"),
    ({"LC_MESSAGES": "fr_CA", "LANG": "es_ES"}, "fr"),
    ({"LANG": "pt_BR.UTF-8"}, "en"),
])
def test_the_command_line_follows_the_environment(environ: dict[str, str], language: str) -> None:
    assert environment_language(environ) == language


@pytest.mark.parametrize("language", ["lt", "fr", "es"])
def test_every_message_of_the_code_is_translated(language: str, script: ModuleType) -> None:
    """Extract the templates from the sources now and compare with the shipped catalogue."""
    path = script.po_path(language)
    with path.open("rb") as fh:
        shipped = read_po(fh, locale=language)
    templates = script.extract()
    assert len(templates) > 150
    missing = []
    for t in templates:
        entry = shipped.get((t.source, t.plural) if t.plural else t.source)
        forms = entry.string if entry is not None else ""
        forms = forms if isinstance(forms, tuple) else (forms,)
        if entry is None or entry.fuzzy or not all(forms):
            missing.append(f"{t.where}: {t.source}")
            continue
        for form in forms:
            assert placeholders(form) <= placeholders(t.source) | placeholders(t.plural or ""), (language, form)
    assert missing == [], (f"{language}: run scripts/update_messages.py and translate", missing[:5])
    # The compiled catalogue is the one the program reads: it holds what the .po says (file dates
    # are no proof, a fresh clone gives both the same time).
    compiled = catalogue(language)
    assert isinstance(compiled, gettext.GNUTranslations)
    for t in templates:
        entry = shipped.get((t.source, t.plural) if t.plural else t.source)
        assert entry is not None
        if t.plural:
            # n = 1 takes the first form in lt, fr and es alike.
            assert compiled.ngettext(t.source, t.plural, 1) == entry.string[0], (language, t.source)
        else:
            assert compiled.gettext(t.source) == entry.string, (language, t.source)


def test_the_converter_turns_f_strings_into_templates(script: ModuleType) -> None:
    source = ('def f(path, exc, n):\n'
              '    raise ValidationError(f"Cannot read {path.name}: {exc.strerror} ({n:,} {{x}})", field="f")\n')
    new, lines = script.convert_source(source, {"ValidationError"})
    assert lines == [2]
    assert ('ValidationError("Cannot read {name}: {strerror} ({n:,} {{x}})",\n'
            '                          name=path.name, strerror=exc.strerror, n=n, field="f")') in new
    namespace: dict[str, object] = {"ValidationError": ValidationError}
    exec(compile(new, "<converted>", "exec"), namespace)
    with pytest.raises(ValidationError) as raised:
        namespace["f"](Path("/a/b.docx"), OSError(2, "No such file"), 1234)  # type: ignore[operator]
    assert str(raised.value) == "Cannot read b.docx: No such file (1,234 {x})"


def test_a_spanish_error_on_the_command_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    missing = tmp_path / "nowhere" / "store.sqlite"
    assert cli.main(["proposal", "list", "--db", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"stratplan: No hay ninguna base de datos en {missing} (su carpeta no existe).")
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert cli.main(["proposal", "list", "--db", str(missing)]) == 1
    assert capsys.readouterr().err.startswith(f"stratplan: There is no store at {missing} (its folder does not exist).")


def test_a_message_is_a_value() -> None:
    assert msg("A.") == Message("A.") and str(msg("Hi {who}.", who="Rūta")) == "Hi Rūta."


def test_a_status_inside_a_sentence_is_named_in_the_readers_language() -> None:
    from stratplan.core.fields import clean_fields

    with pytest.raises(ValidationError) as refused:
        clean_fields({"title": "Exit programme", "status": "withdrawn"})
    assert str(refused.value) == "Please give a reason when a point is withdrawn."
    assert refused.value.translated("fr") == "Indiquez une raison quand un point est retiré."
    assert "atsiimtas" in refused.value.translated("lt")
    assert "retirado" in refused.value.translated("es")


def test_counts_in_core_messages_take_the_plural_form_of_each_language() -> None:
    from stratplan.core.fields import clean_fields

    with pytest.raises(ValidationError) as refused:
        clean_fields({"title": "T", "tags": [f"t{i}" for i in range(31)]})
    assert str(refused.value) == "Too many tags: 31, the limit is 30."
    assert refused.value.translated("lt") == "Per daug žymių: 31, riba – 30."
    one = plural("{label} is too long ({n} character, limit {limit}).",
                 "{label} is too long ({n} characters, limit {limit}).", 1, label=msg("The short code"), limit=0)
    assert str(one) == "The short code is too long (1 character, limit 0)."
    for n, form in ((1, "simbolis"), (2, "simboliai"), (5, "simboliai"), (11, "simbolių"), (21, "simbolis")):
        lt = plural("{label} is too long ({n} character, limit {limit}).",
                    "{label} is too long ({n} characters, limit {limit}).", n, label=msg("The short code"),
                    limit=0).translated("lt")
        assert lt == f"Trumpasis kodas: per ilgas ({n} {form}, riba – 0).", n
