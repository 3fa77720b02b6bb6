"""The only Streamlit glue: caching, session and query-param state, st_folium adapters, texts."""
