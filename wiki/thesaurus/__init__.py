"""The search thesaurus kept by the moderators: synonym groups and acronyms."""
