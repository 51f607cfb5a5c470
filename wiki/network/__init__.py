"""The network directory: profiles, their visibility, the people search, links to pages."""
