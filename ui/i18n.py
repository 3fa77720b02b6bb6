"""User-facing text: one catalogue per language (ui/texts/da.toml, en.toml), Danish first."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import streamlit as st

LANGS = ("da", "en")
TEXT_DIR = Path(__file__).resolve().parent / "texts"


@cache
def catalogue(lang: str) -> dict:
    with open(TEXT_DIR / f"{lang}.toml", "rb") as fh:
        return _flatten(tomllib.load(fh))


def _flatten(tree: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def current_lang() -> str:
    """Language from ?lang=, else the session's choice, else Danish (Danish first)."""
    param = st.query_params.get("lang")
    if param in LANGS:
        st.session_state["lang"] = param
        return param
    if st.session_state.get("lang") in LANGS:
        return st.session_state["lang"]
    return "da"


def t(key: str, lang: str | None = None, **values) -> str:
    """The text ``key`` in ``lang`` (default the current language), formatted with values."""
    text = catalogue(lang or current_lang()).get(key)
    if text is None:
        text = catalogue("da").get(key, key)
    return text.format(**values) if values else text


def set_lang(lang: str) -> None:
    st.session_state["lang"] = lang
    st.query_params["lang"] = lang
