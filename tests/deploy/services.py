"""PostgreSQL clusters and Redis servers of a check's own, on spare ports in a scratch folder,
so that it may stop them (or pause a replica) without touching anyone else's.

Used by tests/deploy/check_two_nodes.py and tests/deploy/test_replica.py.
"""

import os
import shutil
import subprocess
import time
from pathlib import Path


def postgres_bin(name: str) -> Path | None:
    """A PostgreSQL server program (Debian keeps them under /usr/lib/postgresql/N/bin)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    found = [folder / name for folder in versions if (folder / name).exists()]
    return found[-1] if found else None


def postgres_missing() -> str | None:
    """Why clusters cannot be made here, or None."""
    missing = [name for name in ("initdb", "pg_ctl", "pg_basebackup") if postgres_bin(name) is None]
    if missing:
        return f"PostgreSQL's server programs are missing ({', '.join(missing)}): apt-get install postgresql"
    return None


def _as_postgres(command: list) -> list[str]:
    # PostgreSQL refuses to run as root: the scratch clusters belong to the postgres user.
    command = [str(part) for part in command]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres")


class PostgresCluster:
    """One cluster: `create()` a primary, or `clone_from(primary)` a streaming standby."""

    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.data = folder / "data"

    @property
    def url_base(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(
            [postgres_bin("psql") or "psql", "-X", "-qAt", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "-d", database, "-c", sql], check=True, capture_output=True, text=True)
        return result.stdout.strip()

    def create(self, *, database: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        _give_to_postgres(self.folder)
        subprocess.run(_as_postgres([postgres_bin("initdb"), "-D", self.data, "-A", "trust", "-U", "postgres"]),
                       check=True, stdout=subprocess.DEVNULL)
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write("\nwal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nfsync = off\n"
                       "max_connections = 100\n")
        with open(self.data / "pg_hba.conf", "a") as hba:
            hba.write("\nhost replication postgres 127.0.0.1/32 trust\n")
        self.start()
        self.psql(f'create database "{database}"')

    def clone_from(self, primary: "PostgresCluster") -> None:
        """A standby: a base backup of the primary that keeps streaming its changes (-R
        writes the connection to it and standby.signal)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        _give_to_postgres(self.folder)
        subprocess.run(_as_postgres([postgres_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", primary.port,
                                     "-U", "postgres", "-D", self.data, "-R", "-X", "stream", "-c", "fast"]),
                       check=True, stdout=subprocess.DEVNULL)
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data}"
        subprocess.run(_as_postgres([postgres_bin("pg_ctl"), "-D", self.data, "-o", options,
                                     "-l", self.data / "server.log", "-w", "start"]),
                       check=True, stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(_as_postgres([postgres_bin("pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop"]),
                           check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class RedisServer:
    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "no", "--daemonize", "yes", "--dir", str(self.folder),
                        "--pidfile", str(self.folder / "redis.pid"), "--logfile", str(self.folder / "redis.log")],
                       check=True)
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError(f"Redis did not start on port {self.port}")

    def stop(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True)
