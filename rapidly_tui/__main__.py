from rapidly_tui.cli import main

raise SystemExit(main())
