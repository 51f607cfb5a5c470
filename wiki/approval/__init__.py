"""Approved adherents: a registration waits « en attente » until its address is confirmed
and a moderator approves it; the queue, the confirmation link and their mails."""
