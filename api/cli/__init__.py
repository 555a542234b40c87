"""The `zhiqian` command line: thin, human output by default, --json for machines."""
