"""``newsprobe serve``: the web service (REST API and viewer) over ``newsprobe.web.serve``."""

from __future__ import annotations

import click

from . import cli


@cli.command()
@click.option("--store", type=click.Path(dir_okay=False), help="Store file to browse, search and write (`store: true`).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; anything but loopback needs an API token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", help="API token clients send as `Authorization: Bearer TOKEN` (default: the serve_token setting; "
                              "generated and printed when the host is not loopback).")
@click.option("--fetch/--no-fetch", default=None, help="Let POST /api/analyze fetch URLs (default: the fetch_enabled setting, off).")
def serve(store: str | None, host: str, port: int, token: str | None, fetch: bool | None) -> None:
    """Serve the REST API (/api, OpenAPI at /openapi.json) and the viewer until interrupted."""
    from ..settings import load_settings
    from ..web import serve as run_server

    run_server(load_settings(store=store), store=store, host=host, port=port, token=token, fetch=fetch,
               announce=lambda line: click.echo(f"newsprobe: {line}", err=True))
