"""The PySide6 window layer. Only this package imports Qt; it talks to services only."""
