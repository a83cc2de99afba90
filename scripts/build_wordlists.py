"""Build the word lists the entity recogniser ships, from open data in ../shared/data.

- ``src/pantau/lang/id/common_words.txt``: Indonesian words that are written in lower case
  in running text (from the UD Indonesian treebanks, CC BY-SA). A capitalised token whose
  lower-case form is listed is a sentence start or a title, not a name on its own.
- ``src/pantau/data/given_names.txt``: frequent first names of people (from the Indonesian
  DBpedia person gazetteer of Alfina et al., CC BY-SA 3.0). A capitalised run that starts
  with one of them is a person.

Run: ``.venv/bin/python scripts/build_wordlists.py`` (needs ../shared/data).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
PACKAGE = REPO / "src" / "pantau"

UD_FILES = [
    "ud_indonesian_gsd/id_gsd-ud-dev.conllu",
    "ud_indonesian_gsd/id_gsd-ud-test.conllu",
    "ud_indonesian_csui/id_csui-ud-train.conllu",
    "ud_indonesian_csui/id_csui-ud-test.conllu",
    "ud_indonesian_pud/id_pud-ud-test.conllu",
]
GAZETTEER = "idner_dbpedia_gazetteer/expanded-dbpedia/mdee_gazetteer"
MIN_WORD_COUNT = 1
MIN_NAME_COUNT = 4


def common_words() -> list[str]:
    lower: Counter[str] = Counter()
    proper: Counter[str] = Counter()
    for name in UD_FILES:
        for line in open(SHARED / name, encoding="utf-8"):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or not cols[0].isdigit():
                continue
            form, upos = cols[1], cols[3]
            key = form.lower()
            if upos == "PROPN":
                proper[key] += 1
            elif form == key and form.isalpha():
                lower[key] += 1
    return sorted(w for w, n in lower.items() if n >= MIN_WORD_COUNT and n > proper[w])


def given_names() -> list[str]:
    def names(kind: str) -> list[list[str]]:
        path = SHARED / GAZETTEER / f"{kind}.txt"
        return [line.split() for line in open(path, encoding="utf-8", errors="replace")
                if line.strip()]

    people = names("person")
    others = names("organization") + names("place")
    first = Counter(t[0] for t in people if len(t) >= 2)
    in_people = Counter(tok for t in people for tok in t)
    in_others = Counter(tok for t in others for tok in t)
    return sorted(n for n, c in first.items()
                  if c >= MIN_NAME_COUNT and n.isalpha() and n[0].isupper() and len(n) > 1
                  and not n.isupper() and in_others[n] * 3 < in_people[n])


def write(path: Path, header: str, words: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        f.writelines(w + "\n" for w in words)
    print(path.relative_to(REPO), len(words))


def main() -> None:
    write(PACKAGE / "lang" / "id" / "common_words.txt",
          "# Indonesian words written in lower case (UD Indonesian GSD/CSUI/PUD, CC BY-SA);"
          " see PROVENANCE-entities.md\n", common_words())
    write(PACKAGE / "data" / "given_names.txt",
          "# Frequent first names (Indonesian DBpedia person gazetteer, MDEE, CC BY-SA 3.0);"
          " see PROVENANCE.md\n", given_names())


if __name__ == "__main__":
    main()
