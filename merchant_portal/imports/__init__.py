"""Imports recognised by content: one batch per imported file, refused when the same file was
already imported, undone as a whole."""
