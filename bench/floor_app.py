"""The floor for the time-to-map benchmark: the smallest st_folium page on our self-hosted Leaflet.

One marker and one polygon, no tiles, nothing else. The Leaflet files are served from
``bench/static/vendor/`` (Streamlit serves ``static/`` next to the main script), copied there
by the benchmark with ``geo.assets.install_assets``; ``configure_folium`` points folium at them.
"""

import folium
from streamlit_folium import st_folium

from geo.assets import configure_folium

configure_folium()
fmap = folium.Map(location=(55.7465, 12.4700), zoom_start=14, tiles=None)
folium.Marker((55.7352, 12.485), icon=folium.DivIcon(html="&#9679;", icon_size=(24, 24))).add_to(fmap)
folium.Polygon([(55.7494, 12.4906), (55.7494, 12.4930), (55.7506, 12.4930), (55.7506, 12.4906)]).add_to(fmap)
st_folium(fmap, key="floor", height=520, use_container_width=True, returned_objects=[])
