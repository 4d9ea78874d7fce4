from recovery_tui.cli import main

raise SystemExit(main())
