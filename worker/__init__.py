"""Celery worker: per-process resources, the pipeline as plain functions, thin tasks."""
