"""Drawing maps: the payload, the page assets, and the folium map around them."""
