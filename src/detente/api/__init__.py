"""The HTTP API and dashboard (FastAPI), a thin shell over the store's queries."""

from detente.api.app import create_app

__all__ = ["create_app"]
