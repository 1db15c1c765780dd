"""Handledarappen: OCN validation for work-integrating social enterprises, offline."""

__version__ = "0.1.0"
APP_NAME = "Handledarappen"
