"""The lifecycle of an innovation sheet: its stages, the form that changes them, the
reminder of a silent follow-up of effects."""
