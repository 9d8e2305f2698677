#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that only read or write source files (migrations, message
# catalogues) sign nothing, so they run without a SECRET_KEY; every other
# command, the web server and the workers still refuse to start without one
# when DEBUG is off.
SOURCE_COMMANDS = frozenset(
    {"makemigrations", "showmigrations", "makemessages", "compilemessages"}
)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kms.settings")
    if len(sys.argv) > 1 and sys.argv[1] in SOURCE_COMMANDS:
        os.environ.setdefault("SECRET_KEY", f"unused-by-{sys.argv[1]}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
