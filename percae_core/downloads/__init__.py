"""Fetching files from the internet, written once: the offline switch and the HTTP downloader."""
