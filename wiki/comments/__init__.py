"""Comments on pages and calls: posting, replies, editing, deleting, moderation's mask."""
