"""hello_python: a small HTTP service for distroless images."""
