"""The moderation console: one module per concern (queues, flags, merges, pipeline,
audit log); urls.py imports them by name."""
