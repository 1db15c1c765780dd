"""The PySide6 window layer. Only this package imports Qt; it talks to services only."""

from .signals import install as _install_signal_fix

# Before any window code runs: PySide6 6.12.0 corrupts True/False on Python-side
# emit() (see signals.py).
_install_signal_fix()
