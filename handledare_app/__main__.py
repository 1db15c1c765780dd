from handledare_app.cli import main

raise SystemExit(main())
