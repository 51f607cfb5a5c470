"""The charter's vocabulary: the diagnostic labels moderators add to the project's list."""
