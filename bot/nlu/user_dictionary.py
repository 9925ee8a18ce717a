"""Compile the repo's plain word list into a Sudachi user dictionary.

Sudachi only reads compiled user dictionaries, and its lexicon CSV needs connection ids
and 18 columns. Editors should not have to know that, so the repo keeps a plain list
(``word<TAB>reading``) and this module writes the CSV and calls Sudachi's own builder.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# Connection ids of 名詞,固有名詞,一般 in SudachiDict, as in Sudachi's user dictionary docs.
_PROPER_NOUN_ID = 4786
_COST = 5000


def read_words(path: Path) -> list[tuple[str, str]]:
    """Return (word, reading) pairs, skipping blank lines and # comments."""
    words: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _, reading = line.partition("\t")
        word = word.strip()
        if "," in word:
            raise ValueError(f"{path}: a word may not contain a comma: {word!r}")
        words.append((word, reading.strip() or "*"))
    return words


def fingerprint(path: Path) -> str:
    """Hash of the word list, so that editing it retrains the model."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lexicon_line(word: str, reading: str) -> str:
    pid = _PROPER_NOUN_ID
    pos = "名詞,固有名詞,一般,*,*,*"
    return f"{word},{pid},{pid},{_COST},{word},{pos},{reading},{word},*,C,*,*,*"


def compile_user_dictionary(words_path: Path, output: Path) -> Path:
    """Build ``output`` (a Sudachi .dic file) from the plain word list."""
    import sudachidict_core
    from sudachipy import sudachipy

    words = read_words(words_path)
    if not words:
        raise ValueError(f"{words_path}: the user word list is empty")
    output.parent.mkdir(parents=True, exist_ok=True)
    csv_path = output.with_suffix(".csv")
    csv_path.write_text("\n".join(_lexicon_line(w, r) for w, r in words) + "\n", encoding="utf-8")
    system_dic = Path(sudachidict_core.__file__).parent / "resources" / "system.dic"
    sudachipy.build_user_dic(str(system_dic), [str(csv_path)], str(output))
    return output
