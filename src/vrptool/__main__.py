from vrptool.launch import main

raise SystemExit(main())
