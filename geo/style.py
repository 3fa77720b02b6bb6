"""Map styling in one place: every colour the app draws with, and the symbols per partnership category.

Other modules (and the embed script, through the data it is given) take their colours from here.
"""

from __future__ import annotations

# Colours chosen for contrast on both the OpenStreetMap basemap and a blank background.
CATEGORY_COLOURS = {
    "nature": "#1b7837",
    "health": "#b2182b",
    "children_education": "#2166ac",
    "business_innovation": "#762a83",
    "circular_economy": "#8c510a",
    "democracy": "#d6604d",
    "research": "#35978f",
}

# One SVG shape per category, so colour is never the only cue (WCAG 1.4.1).
CATEGORY_SHAPES = {
    "nature": "circle",
    "health": "plus",
    "children_education": "square",
    "business_innovation": "diamond",
    "circular_economy": "triangle",
    "democracy": "hexagon",
    "research": "star",
}

# Outlines of wild areas and circles of uncertainty.
OUTLINE_COLOUR = "#0b5d1e"
WILDNESS_STYLES = {
    "helt": {"color": OUTLINE_COLOUR, "fillColor": "#2e9e4f", "fillOpacity": 0.55, "weight": 3, "dashArray": None},
    "delvist": {"color": OUTLINE_COLOUR, "fillColor": "#a6d96a", "fillOpacity": 0.45, "weight": 3, "dashArray": "8 5"},
    "ukendt": {"color": OUTLINE_COLOUR, "fillColor": "#d9f0d3", "fillOpacity": 0.45, "weight": 2, "dashArray": "2 6"},
}
# A green area known only as a point is drawn as its circle of uncertainty, never an outline.
UNCERTAIN_AREA_STYLE = {"fillOpacity": 0.18, "weight": 2, "dashArray": "4 6"}
HIGHLIGHT_COLOUR = "#ffbf00"  # the selected place and the keyboard focus
SELECTED_STYLE = {"color": HIGHLIGHT_COLOUR, "weight": 5, "fill": False}
GARDEN_COLOUR = "#6a3d9a"  # approved private gardens (anonymous cells)
GARDEN_STYLE = {"radius": 5, "color": GARDEN_COLOUR, "fillColor": GARDEN_COLOUR, "fillOpacity": 0.7, "weight": 1}
PICKED_COLOUR = "#b2182b"  # the point a resident picked on the join map

# Staff maps: the distance zones around the wild areas (nearest first, see
# geo.connectivity.ZONE_DISTANCES_M), candidate areas by status, a proposed new position.
ZONE_STYLES = (
    {"color": "#2166ac", "weight": 1, "fillColor": "#4393c3", "fillOpacity": 0.18, "dashArray": "4 4"},
    {"color": "#2166ac", "weight": 1, "fillColor": "#92c5de", "fillOpacity": 0.12, "dashArray": "2 6"},
)
CANDIDATE_STYLES = {
    "candidate": {"color": "#b35806", "weight": 3, "fillColor": "#fdb863", "fillOpacity": 0.45},
    "planned": {"color": "#542788", "weight": 3, "fillColor": "#b2abd2", "fillOpacity": 0.45},
}
PREVIEW_STYLE = {"color": "#d01c8b", "weight": 4, "fillOpacity": 0.2, "dashArray": "6 4"}

_SHAPE_PATHS = {
    "circle": '<circle cx="12" cy="12" r="8"/>',
    "plus": '<path d="M9 3h6v6h6v6h-6v6H9v-6H3V9h6z"/>',
    "square": '<rect x="4" y="4" width="16" height="16" rx="2"/>',
    "diamond": '<path d="M12 2l10 10-10 10L2 12z"/>',
    "triangle": '<path d="M12 3l10 18H2z"/>',
    "hexagon": '<path d="M7 3h10l5 9-5 9H7l-5-9z"/>',
    "star": '<path d="M12 2l3 7h7l-5.5 4.5 2 7.5L12 16.5 5.5 21l2-7.5L2 9h7z"/>',
}


# Partner sites get a filled symbol; places a partnership only names (a school, a light-rail
# stop, a district) get the same symbol hollow, so the map does not present them as partners.
FILLED_KINDS = frozenset({"partner_site"})
NEUTRAL_COLOUR = "#555555"


def marker_svg(category: str | None, size: int = 24, hollow: bool = False) -> str:
    """Inline SVG symbol (our own constant markup, no user text) for a category; None = neutral."""
    colour = CATEGORY_COLOURS.get(category, NEUTRAL_COLOUR) if category else NEUTRAL_COLOUR
    shape = _SHAPE_PATHS[CATEGORY_SHAPES.get(category, "circle") if category else "circle"]
    paint = (
        f'fill="#ffffff" stroke="{colour}" stroke-width="3"'
        if hollow
        else f'fill="{colour}" stroke="#ffffff" stroke-width="2"'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 24 24" '
        f'aria-hidden="true" focusable="false"><g {paint}>'
        f"{shape}</g></svg>"
    )
