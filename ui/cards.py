"""Side-panel cards for a place or a partnership. All data text goes through markdown_text."""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from geo.catalog import Catalog, Place
from geo.escape import markdown_text as md
from geo.measures import geometry_area_ha
from geo.models import Partnership
from ui import calendar, state
from ui.i18n import t
from ui.numbers import fmt_number

APPROXIMATE_FROM_M = 50


def _link(label: str, url: str) -> str:
    safe_url = str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{md(label)}]({safe_url})"


def accuracy_text(place: Place, lang: str) -> str:
    """'omtrentlig placering, ±400 m' style wording for a place's position."""
    if place.geometry is None:
        return t("card.unmapped", lang)
    radius = fmt_number(place.props.accuracy_m or 0, lang)
    if (place.props.accuracy_m or 0) >= APPROXIMATE_FROM_M:
        return t("card.approximate", lang, radius=radius, grade=place.props.position_grade)
    return t("card.precise", lang, radius=radius, grade=place.props.position_grade)


def place_card(catalog: Catalog, place: Place, lang: str) -> None:
    p = place.props
    st.subheader(md(p.name), anchor=False)
    st.caption(t(f"kind.{p.kind}", lang))
    if place.geometry is None or (p.accuracy_m or 0) >= APPROXIMATE_FROM_M:
        st.warning(accuracy_text(place, lang), icon=":material/location_searching:")
    else:
        st.info(accuracy_text(place, lang), icon=":material/location_on:")
    st.markdown(md(p.description.get(lang)))
    if p.kind == "green_area":
        st.markdown(f"**{t('card.wildness', lang)}:** {t(f'wildness.{p.wildness}', lang)}")
        if p.wildness_note:
            st.caption(md(p.wildness_note.get(lang)))
        if place.geometry is not None and place.geometry.geom_type != "Point":
            area = fmt_number(geometry_area_ha(place.geometry), lang, 1)
            st.markdown(f"**{t('card.area', lang)}:** {t('card.area_value', lang, area=area)}")
            st.caption(t("card.area_schematic", lang))
        elif place.geometry is not None:
            st.caption(t("card.area_unknown", lang))
        st.markdown(f"**{t('card.measures', lang)}**")
        if p.measures:
            st.markdown("\n".join(f"- {md(m.get(lang))}" for m in p.measures))
        else:
            st.caption(t("card.no_measures", lang))
    if p.other_facts:
        st.markdown(f"**{t('card.other_facts', lang)}**")
        st.markdown("\n".join(f"- {md(f.get(lang))}" for f in p.other_facts))
    calendar.place_section(place, lang)
    if p.address:
        st.markdown(f"**{t('card.address', lang)}:** {md(p.address)}")
        search = "https://www.openstreetmap.org/search?query=" + quote(p.address)
        st.markdown(_link(t("card.directions", lang), search))
    partnerships = catalog.partnerships_of(place)
    if partnerships:
        st.markdown(f"**{t('card.partnerships', lang)}**")
        for item in partnerships:
            with st.container(border=True):
                st.markdown(f"**{md(item.name.get(lang))}** — {md(item.summary.get(lang))}")
                st.button(
                    t("card.open_partnership", lang, name=md(item.name.get(lang))),
                    key=f"open-pship-{place.id}-{item.id}",
                    on_click=state.select,
                    args=("partnership", item.id),
                )
    _provenance(p.position_note.get(lang), [str(u) for u in p.sources], p.updated.isoformat(), lang)


def partnership_card(catalog: Catalog, item: Partnership, lang: str) -> None:
    st.subheader(md(item.name.get(lang)), anchor=False)
    st.caption(t(f"category.{item.category}", lang))
    st.markdown(f"*{md(item.summary.get(lang))}*")
    st.markdown(md(item.body.get(lang)))
    if item.partners:
        st.markdown(f"**{t('card.partners', lang)}:** " + ", ".join(md(p) for p in item.partners))
    if item.sdgs:
        st.markdown(f"**{t('card.sdgs', lang)}**")
        st.markdown("\n".join(f"- {n}. {t(f'sdg.{n}', lang)}" for n in item.sdgs))
    if item.contact:
        contact = item.contact.strip()
        shown = md(contact)
        if "@" in contact and " " not in contact:
            shown = f"[{md(contact)}](mailto:{quote(contact, safe='@.')})"
        st.markdown(f"**{t('card.contact', lang)}:** {shown}")
    if item.links:
        st.markdown("\n".join(f"- {_link(link.label.get(lang), str(link.url))}" for link in item.links))
    places = catalog.places_of(item)
    st.markdown(f"**{t('card.places', lang)}**")
    if not places:
        st.caption(t("card.no_places", lang))
    for place in places:
        label = (
            place.props.name if place.geometry is not None else f"{place.props.name} ({t('card.unmapped_short', lang)})"
        )
        st.button(
            t("card.show_place", lang, name=md(label)),
            key=f"goto-{item.id}-{place.id}",
            on_click=state.select,
            args=("place", place.id),
            icon=":material/map:",
        )
    _provenance(None, [str(s.url) for s in item.sources], item.updated.isoformat(), lang)


def _provenance(note: str | None, sources: list[str], updated: str, lang: str) -> None:
    with st.expander(t("card.sources", lang)):
        if note:
            st.markdown(f"**{t('card.position_note', lang)}:** {md(note)}")
        st.markdown("\n".join(f"- {_link(url, url)}" for url in sources))
        st.caption(t("card.updated", lang, date=updated))
