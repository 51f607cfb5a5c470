"""Calls to the network (appels au réseau): post, notify the matching members, answer, resolve."""
