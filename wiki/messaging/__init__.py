"""Messaging: conversations between members inside the wiki, blocks and reports of messages."""
