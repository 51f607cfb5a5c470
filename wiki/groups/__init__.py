"""Groups: the workshop of social praxis and Balint groups, and their members."""
