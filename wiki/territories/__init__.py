"""Territories: a page's département, the département pages and the map of France."""
