"""vrptool's exit statuses, the same for every command (DESIGN: 0 success, 1 findings or refused
input, 2 usage or internal error)."""

EXIT_OK = 0
EXIT_REFUSED = 1  # findings in the data, or input refused
EXIT_USAGE = 2  # a usage error, unreadable data directory or internal error
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports a SIGINT
EXIT_BROKEN_PIPE = 141  # the reader went away, as a shell reports a SIGPIPE
