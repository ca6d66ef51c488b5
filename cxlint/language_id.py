"""One copy of py3langid's model per process, shared by every check that identifies a language.

Loading the model (decompressing and unpickling it) costs seconds of CPU. The text engine and
the language-mismatch check each loaded their own copy, so every scan paid twice before its
first page; they now share one, and each gets its own identifier over the same arrays
(restricting the languages makes new arrays, it never changes the shared ones).
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_identifiers: dict[tuple[tuple[str, ...], bool], Any] = {}


def identifier(languages: tuple[str, ...] = (), *, norm_probs: bool = False) -> Any:
    """A py3langid ``LanguageIdentifier``: all its languages, or only ``languages`` it knows."""
    key = (languages, norm_probs)
    with _lock:
        found = _identifiers.get(key)
        if found is not None:
            return found
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        base = _identifiers.get(((), False))
        if base is None:
            base = _identifiers[((), False)] = LanguageIdentifier.from_model_file(MODEL_FILE)
        if key == ((), False):
            return base
        ident = LanguageIdentifier(
            base.nb_ptc, base.nb_pc, base.nb_classes, base.tk_nextmove, base.tk_output,
            norm_probs=norm_probs, tk_row=base.tk_row,
        )  # fmt: skip
        if languages:
            ident.set_languages([x for x in languages if x in ident.nb_classes])
        _identifiers[key] = ident
        return ident
