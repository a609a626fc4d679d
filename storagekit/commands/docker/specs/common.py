"""Help texts that many docker flags share, kept once as docker/cli keeps them."""

AUTO_REMOVE_HELP = "Automatically remove the container and its associated anonymous volumes when it exits"
CGROUPNS_HELP = (
    "Cgroup namespace to use (host|private)\n"
    "'host':    Run the container in the Docker host's cgroup namespace\n"
    "'private': Run the container in its own private cgroup namespace\n"
    "'':        Use the cgroup namespace as configured by the\n"
    "           default-cgroupns-mode option on the daemon (default)"
)
FORMAT_HELP = (
    "Format output using a custom template:\n"
    "'table':            Print output in table format with column headers (default)\n"
    "'table TEMPLATE':   Print output in table format using the given Go template\n"
    "'json':             Print in JSON format\n"
    "'TEMPLATE':         Print output using the given Go template.\n"
    "Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"
)
INIT_HELP = "Run an init inside the container that forwards signals and reaps processes"
INSPECT_FORMAT_HELP = (
    "Format output using a custom template:\n"
    "'json':             Print in JSON format\n"
    "'TEMPLATE':         Print output using the given Go template.\n"
    "Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"
)
LOGS_SINCE_HELP = (
    "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"
)
START_PERIOD_HELP = (
    "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h)"
)
