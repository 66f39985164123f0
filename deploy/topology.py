"""The production topology's pieces that are computed, for make prod and the two-node check.

    python deploy/topology.py nginx-conf --run-dir DIR --listen 127.0.0.1:8080 \
        --node 8001:8002 [--node 8011:8012 ...]

writes DIR/nginx.conf from deploy/nginx.conf (one upstream server per node: its gunicorn
port and its daphne port) and the folders nginx keeps its temporary files in.
"""

import argparse
import re
import shlex
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
PROCFILE = DEPLOY / "Procfile"
MEDIA_ACCEL_PREFIX = "/protected-media"
NGINX_TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def procfile(path: Path = PROCFILE) -> dict[str, str]:
    """The Procfile's processes: name -> command line (as honcho reads it)."""
    processes = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_-]+):\s*(.+)$", line)
        if match:
            processes[match.group(1)] = match.group(2).strip()
    return processes


def command_line(name: str, environment: dict[str, str]) -> list[str]:
    """A Procfile line with ${NAMES} filled from `environment`, split like a shell would."""
    line = procfile()[name]
    filled = re.sub(r"\$\{(\w+)\}", lambda m: environment[m.group(1)], line)
    return shlex.split(filled)


def nginx_conf(*, run_dir: Path, listen: str, nodes: list[tuple[int, int]], static_root: Path,
               media_root: Path, server_name: str = "localhost") -> str:
    """deploy/nginx.conf filled in for these nodes ((gunicorn port, daphne port) each)."""
    # A node that fails once is left out for 5 s, then tried again.
    http_servers = "\n".join(f"        server 127.0.0.1:{web} max_fails=1 fail_timeout=5s;" for web, _ in nodes)
    ws_servers = "\n".join(f"        server 127.0.0.1:{ws} max_fails=1 fail_timeout=5s;" for _, ws in nodes)
    page = (DEPLOY / "errors" / "502.html").read_text()
    node_lost_page = " ".join(page.split()).replace("\\", "\\\\").replace("'", "\\'")
    values = {
        "node_lost_page": node_lost_page,
        "run_dir": str(run_dir), "listen": listen, "server_name": server_name,
        "http_servers": http_servers, "ws_servers": ws_servers, "static_root": str(static_root),
        "media_root": str(media_root), "media_accel_prefix": MEDIA_ACCEL_PREFIX,
    }
    text = (DEPLOY / "nginx.conf").read_text()
    filled = re.sub(r"\{\{ (\w+) \}\}", lambda m: values[m.group(1)], text)
    return filled


def write_nginx_conf(*, run_dir: Path, **options) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    for name in NGINX_TEMP_DIRS:
        (run_dir / name).mkdir(exist_ok=True)
    target = run_dir / "nginx.conf"
    target.write_text(nginx_conf(run_dir=run_dir, **options))
    return target


def _node(text: str) -> tuple[int, int]:
    web, ws = text.split(":")
    return int(web), int(ws)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    conf = commands.add_parser("nginx-conf", help="write RUN_DIR/nginx.conf")
    conf.add_argument("--run-dir", type=Path, required=True)
    conf.add_argument("--listen", default="127.0.0.1:8080")
    conf.add_argument("--server-name", default="localhost")
    conf.add_argument("--node", type=_node, action="append", required=True, help="GUNICORN_PORT:DAPHNE_PORT")
    conf.add_argument("--static-root", type=Path, default=ROOT / "staticfiles")
    conf.add_argument("--media-root", type=Path, default=ROOT / "media")
    options = parser.parse_args()
    target = write_nginx_conf(run_dir=options.run_dir.resolve(), listen=options.listen, nodes=options.node,
                              static_root=options.static_root.resolve(), media_root=options.media_root.resolve(),
                              server_name=options.server_name)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
