"""The Atom feeds beyond recent changes: a tag's (public, like /tags/<slug>), a group's and
a member's notifications (personal: a feed token in the URL, since feed readers send no
cookie), and the account page where that token is made and revoked."""
