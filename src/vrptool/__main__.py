from vrptool.cli import main

raise SystemExit(main())
