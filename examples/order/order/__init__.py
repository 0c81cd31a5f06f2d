"""Example Celery app for infractl's bundled topology (specs/monorepo.yaml).

The package name is the project name: it names the Celery app, its queue and
the default database, so examples/turfoo is this code under another name.
"""
