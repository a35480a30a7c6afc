"""Entry point for `python -m hello_python`."""
import sys

from hello_python.server import main

sys.exit(main())
