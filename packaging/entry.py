"""PyInstaller entry point: the same `handledare-app` command as the installed script."""

from __future__ import annotations

from handledare_app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
