"""Services: the use cases. No Qt; each operation is one transaction."""
