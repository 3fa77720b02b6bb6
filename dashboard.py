"""Entry point: the ASGI app with its extra routes and background work, page config,
navigation, language switch and footer — nothing else.

``streamlit run dashboard.py`` finds ``app`` here, imports this file as the module
``dashboard`` and serves ``app``: Streamlit plus the routes in :mod:`ui.routes`. Each session
then runs this same file as its script, where ``__name__ == "__main__"``.
"""

from __future__ import annotations

if __name__ != "__main__":
    from streamlit.starlette import App

    from geo.settings import refuse_bad_settings

    refuse_bad_settings()  # a bad variable stops the start here, named, not on first use

    from ui.background import lifespan
    from ui.routes import MIDDLEWARE, ROUTES

    app = App(__file__, routes=ROUTES, middleware=MIDDLEWARE, lifespan=lifespan)
else:
    from pathlib import Path

    import streamlit as st

    from geo.escape import markdown_text as md
    from ui import auth, data, handoff
    from ui.i18n import LANGS, current_lang, set_lang, t
    from ui.navigation import PUBLIC_PAGES

    st.set_page_config(
        page_title="Gladsaxe grønne kort",
        page_icon=str(Path(__file__).parent / "assets" / "favicon.png"),
        layout="wide",
    )
    data.ensure_assets()
    handoff.deliver()  # what slow callbacks found (ui/handoff.py), before anything reads the session
    lang = current_lang()

    pages = [
        st.Page(p.file, title=t(p.title_key), icon=p.icon, url_path=p.url_path, default=(p is PUBLIC_PAGES[0]))
        for p in PUBLIC_PAGES
    ]
    login = auth.login_page()
    pages += [login, *auth.staff_pages()]
    nav = st.navigation(pages)

    with st.sidebar:
        choice = st.segmented_control(
            t("lang.label"), LANGS, default=lang, format_func=lambda code: t(f"lang.{code}"), key="lang_switch"
        )
        if choice and choice != lang:
            set_lang(choice)
            st.rerun()

    catalog = data.catalog()
    if catalog.problems:
        st.warning(t("footer.data_notice", first=md(str(catalog.problems[0]))), icon=":material/warning:")
        with st.expander(t("footer.data_problems", n=len(catalog.problems))):
            st.text("\n".join(str(p) for p in catalog.problems))

    auth.session_notice()
    nav.run()
    st.caption(t("footer.text"))
    st.page_link(login, label=t("staff.login.link"), icon=":material/lock:")
