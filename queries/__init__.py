"""The investigators' questions: pure-Python rules over facts read from the store or a file."""
