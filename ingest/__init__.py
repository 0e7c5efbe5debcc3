"""Ingest: read news from files (and, later, the web), turn it into chunks and keep the archive in step."""
