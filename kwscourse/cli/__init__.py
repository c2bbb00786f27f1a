"""The ``kwscourse`` command line, one module per command group."""
