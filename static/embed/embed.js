/* The embeddable map (/embed): draws the features the page carries as JSON.
   Every name goes into the page with textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gm-embed").textContent);
  var texts = data.texts;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var map = L.map("map", { zoomControl: false, maxZoom: 19 });
  L.control.zoom({ zoomInTitle: texts.zoom_in, zoomOutTitle: texts.zoom_out }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  if (texts.credit) {
    /* Leaflet takes attribution as HTML: serialise a text node so the credit stays text. */
    map.attributionControl.addAttribution(el("span", null, texts.credit).outerHTML);
  }
  if (data.tiles) {
    L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 19 }).addTo(map);
  }
  if (data.view.bounds) { map.fitBounds(data.view.bounds); } else { map.setView(data.view.center, data.view.zoom); }

  var highlight = L.layerGroup().addTo(map);
  var byId = {};

  function popupFor(props) {
    var box = el("div", "gm-popup");
    box.appendChild(el("strong", "gm-name", props.name));
    box.appendChild(el("p", "gm-accuracy", props.accuracy));
    var link = el("a", "gm-open", texts.open_full);
    link.href = "/?place=" + encodeURIComponent(props.id);
    link.target = "_top";
    box.appendChild(link);
    return box;
  }

  function pick(layer, props, latlng) {
    highlight.clearLayers();
    var shape = props.circle || layer.toGeoJSON().geometry;
    L.geoJSON(shape, { style: data.selected_style, interactive: false }).addTo(highlight);
    layer.openPopup(latlng);
  }

  function bind(layer, props) {
    layer.bindTooltip(el("span", null, props.name), { sticky: false });
    layer.bindPopup(popupFor(props));
    layer.on("click", function (e) { pick(layer, props, e.latlng); });
    layer.on("keypress", function (e) {
      if (e.originalEvent.key === "Enter") { pick(layer, props); }
    });
    byId[props.id] = { layer: layer, props: props };
  }

  var areas = data.features.filter(function (f) { return !f.properties.category; });
  var sites = data.features.filter(function (f) { return f.properties.category; });
  L.geoJSON(areas, {
    style: function (f) { return f.properties.style; },
    onEachFeature: function (f, layer) { bind(layer, f.properties); }
  }).addTo(map);

  L.geoJSON(sites, {
    pointToLayer: function (f, latlng) {
      var icon = L.divIcon({ html: data.symbols[f.properties.symbol || f.properties.category], className: "gm-marker", iconSize: [24, 24], iconAnchor: [12, 12] });
      var marker = L.marker(latlng, { icon: icon, keyboard: true, title: f.properties.name, alt: f.properties.name });
      marker.on("add", function () { marker.getElement().setAttribute("aria-label", f.properties.name); });
      return marker;
    },
    onEachFeature: function (f, layer) { bind(layer, f.properties); }
  }).addTo(map);

  if (data.gardens.length) {
    var gardens = L.layerGroup(data.gardens.map(function (latlng) {
      return L.circleMarker(latlng, Object.assign({ interactive: false }, data.garden_style));
    }));
    gardens.addTo(map);
  }

  var legend = L.control({ position: "bottomleft" });
  legend.onAdd = function () {
    var box = el("details", "gm-legend");
    box.appendChild(el("summary", null, texts.legend_title));
    data.legend.forEach(function (row) {
      var line = el("div", "gm-row");
      if (row.svg) {
        var symbol = el("span", "gm-symbol");
        symbol.innerHTML = row.svg; /* our own constant SVG from geo/style.py, no data text */
        line.appendChild(symbol);
      } else {
        var swatch = el("span", row.round ? "gm-swatch gm-round" : "gm-swatch");
        swatch.style.background = row.fill;
        swatch.style.border = "2px " + (row.dash ? "dashed" : "solid") + " " + row.stroke;
        line.appendChild(swatch);
      }
      line.appendChild(el("span", null, row.label));
      box.appendChild(line);
    });
    if (data.gardens.length) {
      var g = el("div", "gm-row");
      var dot = el("span", "gm-swatch gm-round");
      dot.style.background = data.garden_style.fillColor;
      g.appendChild(dot);
      g.appendChild(el("span", null, texts.gardens));
      box.appendChild(g);
    }
    if (map.getSize().x > 560) { box.open = true; }
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  legend.addTo(map);

  data.notices.forEach(function (text) {
    var notice = L.control({ position: "topright" });
    notice.onAdd = function () { return el("div", "gm-notice", text); };
    notice.addTo(map);
  });

  if (data.selected && byId[data.selected]) {
    var chosen = byId[data.selected];
    pick(chosen.layer, chosen.props, chosen.layer.getLatLng ? chosen.layer.getLatLng() : chosen.layer.getBounds().getCenter());
  }
  document.documentElement.setAttribute("data-gm-ready", "1");
}());
