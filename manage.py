#!/usr/bin/env python
"""Django's manage.py for developers; the installed `kurs` command is the same."""

from kurs.cli import main

if __name__ == "__main__":
    main()
