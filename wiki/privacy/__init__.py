"""Data rights (RGPD): a member downloads all their data, and deletes their account."""
