"""Non-interactive commands. Each module registers its subcommands with argparse and
imports its heavy dependencies only inside its handlers (``--help`` stays fast)."""
