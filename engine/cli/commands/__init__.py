"""One module per `jobzone` command; each only parses options and prints."""
