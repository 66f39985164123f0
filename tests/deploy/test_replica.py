"""Heavy reads on a real streaming replica of PostgreSQL (core/db.py, README "Production").

The test starts a primary (wal_level=replica) and a standby made by pg_basebackup -R, both
its own, on spare ports; migrates the primary; then, in a process configured like production
with DATABASE_REPLICA_URL, pauses the standby's replay (replica lag), has a person support an
idea and an executive export the report (tests/deploy/replica_scenario.py).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.deploy.services import PostgresCluster, postgres_missing

ROOT = Path(__file__).resolve().parents[2]
PRIMARY_PORT, STANDBY_PORT = 55462, 55463

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.skipif(not os.environ.get("DEPLOY_CHECKS"), reason=(
        "starts PostgreSQL clusters of its own (about a minute): run by CI's deploy stage, "
        "DEPLOY_CHECKS=1 make test ARGS=tests/deploy")),
    pytest.mark.skipif(bool(postgres_missing()), reason=postgres_missing() or ""),
]


@pytest.fixture(scope="module")
def clusters():
    # Not pytest's temporary folder: only its owner may enter it, and the clusters run as postgres.
    folder = Path(tempfile.mkdtemp(prefix="multitude-replica-"))
    os.chmod(folder, 0o755)
    primary = PostgresCluster(folder / "primary", PRIMARY_PORT)
    standby = PostgresCluster(folder / "standby", STANDBY_PORT)
    try:
        primary.create(database="multitude")
        standby.clone_from(primary)
        yield primary, standby
    finally:
        standby.stop()
        primary.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def seen(clusters):
    primary, standby = clusters
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "replica-check-" + "k" * 50,
        "DATABASE_URL": f"{primary.url_base}/multitude",
        "DATABASE_REPLICA_URL": f"{standby.url_base}/multitude",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "REPORT_CACHE_SECONDS": "0",
        "RATE_LIMITS_ENABLED": "0",
        "MFA_REQUIRED_FOR_ROLES": "",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run([sys.executable, str(ROOT / "tests/deploy/replica_scenario.py")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_standby_is_a_streaming_replica_in_recovery(clusters):
    primary, standby = clusters
    assert standby.psql("select pg_is_in_recovery()") == "t"
    assert primary.psql("select count(*) from pg_stat_replication where state = 'streaming'") == "1"


def test_the_report_export_reads_the_replica_and_the_session_the_primary(seen):
    status, _csv, primary_queries, replica_queries = seen["before"]
    assert status == 200
    assert replica_queries > 0
    # The session and the person, read by the middleware before the view: nothing else.
    assert primary_queries == 2


def test_while_replay_is_paused_the_persons_own_page_shows_their_support(seen):
    assert seen["caught_up_first"]
    assert seen["support_status"] == 302
    assert seen["replica_votes_while_paused"] == 0  # the lag is real
    assert seen["own_page_status"] == 200
    assert seen["own_page_count"] == 1
    assert seen["own_page_supports"] is True


def test_while_replay_is_paused_the_report_shows_the_replicas_older_figures(seen):
    assert seen["while_paused"][0] == 200
    assert seen["while_paused"][1] == seen["before"][1]


def test_once_replay_resumes_the_report_shows_the_support(seen):
    assert seen["caught_up_after"]
    assert seen["after"][0] == 200
    assert seen["after"][1] != seen["before"][1]
