"""The web service: a REST API (``api``) and a browser viewer (``viewer``) over the same core.

``create_app`` (in ``app``) builds the FastAPI application; ``newsprobe serve`` runs it with
uvicorn. The pipeline is loaded once at start-up and analysis runs off the event loop.
"""
