"""Pages: the two kinds, editing and revisions (domain), and their blueprint."""
