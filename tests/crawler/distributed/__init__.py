"""The distributed cores against a real redis-server."""
