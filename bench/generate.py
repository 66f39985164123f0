"""Generate a realistic company in a scratch database, in bulk (not part of the test suite).

    .venv/bin/python bench/generate.py --database pg --scale 10
    .venv/bin/python bench/generate.py --database sqlite --scale 1

Scale 1 is Eurêka's size: 4,573 people, 3,600 ideas, 100,000 supports, 30,000 comments;
scale 10 is ten times that. People sit in a tree of business units (group → divisions →
departments) under line managers; ideas are at every stage in a realistic mix (most
published, 207 per scale with potential, some further down the pipeline, some drafts and
some awaiting validation), their supports and comments follow a long tail. Points, badges
and scores come from the gamification app's own code: `badges_award_missing`, the facts
`rebuild_ledger` reconciles the ledger to (`gamification.facts.desired_facts`), and
`snapshot_segments`; only the ledger rows are written by this script, in bulk (see
`write_gamification`), and `--check` proves them equal to what the app's rebuild writes.

The database is emptied first: PostgreSQL's public schema is dropped (only in the database
named by BENCH_DATABASE_URL, `helper_bench` by default), the SQLite file is deleted. Rows go
in with COPY on PostgreSQL and executemany on SQLite, with explicit ids; counters
(`support_count`, `comment_count`) are computed from the rows written, the search vectors
are refreshed, and the tables analysed. Prints the time of each step, and writes a manifest
(bench/common.py) naming the people and ideas the load run asks for.
"""

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PASSWORD, database_url, ensure_services, manifest_path, server_environment, setup_django,
)

# At scale 1 (Eurêka): how many ideas are at each stage; published takes the rest.
STAGE_MIX = {
    "draft": 150, "submitted": 60, "changes_requested": 30, "rejected": 200, "merged": 40,
    "potential": 207, "analysis": 40, "project": 25, "pilot": 15, "deployed": 30, "not_retained": 60,
}
PIPELINE = ["potential", "analysis", "project", "pilot", "deployed"]
FIRST_NAMES = ("Camille Léa Manon Chloé Inès Jade Louise Emma Alice Lina Sarah Zoé Anna Juliette Lucie Hugo Lucas Louis "
               "Gabriel Arthur Jules Adam Raphaël Nathan Léo Paul Tom Sacha Théo Noah Élise Margaux Clément Mathis "
               "Quentin Agathe Romane Maxime Antoine Céline").split()
LAST_NAMES = ("Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre Leroy Roux "
              "David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Lefèvre Faure "
              "André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin Clément "
              "Morin Nicolas Henry Roussel Mathieu Gautier Masson").split()
VERBS = ("Mutualiser Simplifier Automatiser Réduire Digitaliser Optimiser Partager Regrouper Remplacer Supprimer "
         "Former Mesurer Accélérer Standardiser Recycler").split()
OBJECTS = ["les imprimantes", "les déplacements", "les réunions", "la facturation", "l'accueil client", "les achats",
           "le stockage", "les badges d'accès", "les salles de réunion", "les licences logicielles", "l'éclairage",
           "le chauffage", "les notes de frais", "le courrier", "les archives", "les appels entrants",
           "la maintenance", "les formations", "le covoiturage", "la cantine", "les emballages", "les devis",
           "les contrats fournisseurs", "le support informatique", "les tableaux de bord"]
CONTEXTS = ["du siège", "des agences", "de l'entrepôt", "du service client", "des équipes commerciales",
            "de la direction financière", "des ateliers", "du centre d'appels", "des filiales", "du réseau"]
SENTENCES = [
    "Aujourd'hui chaque équipe gère cela de son côté, avec des outils différents.",
    "Nous pourrions **mutualiser** les moyens et réduire nettement les coûts.",
    "Un pilote sur un site permettrait de mesurer le gain avant de généraliser.",
    "Les clients nous le demandent régulièrement lors des enquêtes de satisfaction.",
    "Cela libérerait du temps pour des tâches à plus forte valeur ajoutée.",
    "La consommation d'énergie baisserait d'environ dix pour cent selon nos relevés.",
    "Plusieurs collègues ont déjà testé cette approche dans leur ancienne entreprise.",
    "Il faudrait former les équipes et prévoir un accompagnement pendant trois mois.",
    "Le délai de traitement passerait de cinq jours à moins de quarante-huit heures.",
    "Les fournisseurs proposent des offres groupées que nous n'utilisons pas.",
    "Moins de papier, moins d'erreurs de saisie et un meilleur suivi des dossiers.",
    "Sharing the printers between floors would cut paper and toner costs.",
]
COMMENTS = ["D'accord, c'est un vrai sujet chez nous aussi.", "Bonne idée ! Avez-vous chiffré le gain ?",
            "Nous l'avons testé à Lyon, ça fonctionne bien.", "Attention aux contraintes réglementaires.",
            "Je soutiens, et je peux aider pour le pilote.", "Pourquoi ne pas commencer par un seul service ?",
            "Le service achats travaille déjà sur une piste proche.", "Great idea, count me in for the pilot."]


class Writer:
    """Rows into a table as fast as the database takes them: COPY on PostgreSQL,
    executemany on SQLite. Columns are the model's; values are Python values."""

    def __init__(self, connection):
        self.connection = connection
        self.vendor = connection.vendor

    def rows(self, model, fields: list[str], rows) -> int:
        meta = model._meta
        # Columns this script does not name take the model's default, so a field added
        # later (with a default) does not break the generator with a NULL.
        defaults = [field for field in meta.concrete_fields
                    if field.name not in fields and field.has_default() and not field.primary_key]
        columns = [meta.get_field(name).column for name in fields] + [field.column for field in defaults]
        if defaults:
            tail = tuple(field.get_db_prep_save(field.get_default(), self.connection) for field in defaults)
            rows = (tuple(row) + tail for row in rows)
        table = meta.db_table
        count = 0
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join(["%s"] * len(columns))})'
                batch = []
                for row in rows:
                    batch.append(tuple(_sqlite(value) for value in row))
                    if len(batch) == 20000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        return count


def _sqlite(value):
    # Django stores aware datetimes on SQLite as naive UTC text.
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    return value


class Clock:
    def __init__(self):
        self.start = self.last = time.perf_counter()
        self.steps = {}

    def step(self, name: str, detail: str = "") -> None:
        now = time.perf_counter()
        self.steps[name] = round(now - self.last, 2)
        print(f"  {name:<28} {now - self.last:7.1f} s  {detail}", flush=True)
        self.last = now

    @property
    def total(self) -> float:
        return time.perf_counter() - self.start


def empty_database(database: str) -> None:
    """Drop everything (before Django connects, so no connection holds the schema)."""
    url = database_url(database, 0)
    if database == "pg":
        import psycopg

        if not url.rstrip("/").rsplit("/", 1)[-1]:
            raise SystemExit("BENCH_DATABASE_URL names no database")
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
            connection.execute("DROP SCHEMA public CASCADE")
            connection.execute("CREATE SCHEMA public")
            connection.execute("GRANT ALL ON SCHEMA public TO public")


def weighted(rng: random.Random, n: int, skew: float) -> list[float]:
    """Cumulative long-tail weights for n items in random order (item i ~ 1/(rank+1)^skew)."""
    ranks = list(range(n))
    rng.shuffle(ranks)
    total, cumulative = 0.0, []
    for rank in ranks:
        total += 1.0 / (rank + 1) ** skew
        cumulative.append(total)
    return cumulative


def skip_foreign_key_triggers(connection) -> bool:
    """PostgreSQL checks each foreign key of each row with a trigger, deferred to COMMIT:
    about three minutes for the 5 million rows of scale 10. As superuser, this transaction
    skips them (replica role); `check_foreign_keys` then checks every key at once."""
    if connection.vendor != "postgresql":
        return False  # SQLite checks them at COMMIT, quickly enough
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False  # not superuser: the triggers stay, it is only slower
    return True


def check_foreign_keys(connection, models) -> None:
    """Every foreign key written has its row: one anti-join per key."""
    with connection.cursor() as cursor:
        for model in models:
            for field in model._meta.concrete_fields:
                if not field.is_relation:
                    continue
                target = field.related_model._meta
                cursor.execute(
                    f'SELECT COUNT(*) FROM "{model._meta.db_table}" t LEFT JOIN "{target.db_table}" r '
                    f'ON r."{target.pk.column}" = t."{field.column}" '
                    f'WHERE t."{field.column}" IS NOT NULL AND r."{target.pk.column}" IS NULL'
                )
                missing = cursor.fetchone()[0]
                if missing:
                    raise SystemExit(f"{missing} rows of {model.__name__}.{field.name} point at nothing")
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def write_gamification(writer: Writer, now: datetime) -> dict:
    """Badges, points ledger, scores and this week's segments, from the gamification app's
    own code: `badges_award_missing` for the badges, `desired_facts` (what `rebuild_ledger`
    reconciles the ledger to) for the ledger rows, `snapshot_segments` for the segments.
    Only the writing of the ledger rows is ours (COPY / executemany instead of bulk_create
    in batches of 1,000, or of 83 on SQLite), so the ledger equals what a rebuild writes;
    `--check` runs the app's rebuild afterwards and fails unless it finds nothing to write."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from gamification.badges import badges_award_missing
    from gamification.facts import Scope, desired_facts
    from gamification.models import LedgerEntry, PointsRule, Score
    from gamification.segments import snapshot_segments

    started = time.perf_counter()

    def lap(what: str) -> None:
        print(f"    {what:<26} {time.perf_counter() - started:7.1f} s", flush=True)

    badges = badges_award_missing()
    lap("badges")
    ContentType.objects.clear_cache()

    # All facts first: the connection cannot run the facts' queries in the middle of a COPY.
    facts = [(rule.pk, desired_facts(rule, Scope())) for rule in PointsRule.objects.order_by("pk")]
    rows = []
    for rule_id, desired in facts:
        for fact in sorted(desired.values(), key=lambda fact: (fact.occurred_at, fact.key)):
            rows.append((len(rows) + 1, fact.user_id, rule_id, fact.content_type_id, fact.object_id,
                         LedgerEntry.Kind.AWARD, 1, fact.points, fact.idea_id, fact.occurred_at, now, None))
    del facts
    lap("facts")
    written = writer.rows(LedgerEntry, ["id", "user", "rule", "content_type", "object_id", "kind", "generation",
                                        "points", "idea", "occurred_at", "created_at", "reversal_of"], rows)
    lap("ledger rows")
    ledger, score = LedgerEntry._meta.db_table, Score._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {score} (user_id, total, reached_at) SELECT user_id, SUM(points), MAX(occurred_at) "
                       f"FROM {ledger} GROUP BY user_id")
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{ledger}', 'id'), {max(written, 1)})")
    lap("scores")
    week, segment_people = snapshot_segments()
    lap("segments")
    return {"badges": badges, "entries_written": written, "people": Score.objects.count(),
            "segment_people": segment_people}


def build(scale: float, seed: int, clock: Clock) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from accounts.models import Entity, RoleAssignment, User
    from gamification.models import BadgeAward, LedgerEntry, Score, SegmentSnapshot
    from ideas.models import Comment, Follow, Idea, StageChange, Theme, Vote
    from ideas.search import refresh_search_vectors
    from moderation.models import CorrespondentAssignment

    rng = random.Random(seed)
    writer = Writer(connection)
    now = datetime.now(UTC).replace(microsecond=0)
    call_command("migrate", verbosity=0)
    clock.step("migrate")

    # --- business units: group → divisions → departments ------------------------------
    n_people = round(4573 * scale)
    n_divisions = max(3, round(6 * scale ** 0.3))
    n_departments = max(n_divisions, round(48 * scale))
    entities = [Entity(id=1, name="Groupe Eurêka", code="groupe", kind="group", path="/1/")]
    divisions = []
    for d in range(n_divisions):
        pk = 2 + d
        divisions.append(Entity(id=pk, name=f"Division {d + 1}", code=f"division-{d + 1}", kind="division",
                                parent_id=1, path=f"/1/{pk}/"))
    departments = []
    for d in range(n_departments):
        division = divisions[d % n_divisions]
        pk = 2 + n_divisions + d
        departments.append(Entity(id=pk, name=f"Département {d + 1} · {division.name}", code=f"dept-{d + 1}",
                                  kind="department", parent_id=division.pk, path=f"{division.path}{pk}/"))
    Entity.objects.bulk_create(entities + divisions + departments, batch_size=2000)

    # --- people under line managers -----------------------------------------------------
    password = make_password(PASSWORD)
    people: list[dict] = []

    def person(entity_id: int, manager: dict | None, title: str) -> dict:
        pk = len(people) + 1
        path = "/" if manager is None else f"{manager['path']}{manager['id']}/"
        row = {"id": pk, "entity_id": entity_id, "manager_id": manager["id"] if manager else None, "path": path,
               "title": title}
        people.append(row)
        return row

    chief = person(1, None, "Directeur général")
    division_heads = [person(division.pk, chief, "Directeur de division") for division in divisions]
    per_department = max(3, (n_people - len(people)) // n_departments)
    department_members: dict[int, list[int]] = defaultdict(list)
    for index, department in enumerate(departments):
        head = person(department.pk, division_heads[index % n_divisions], "Chef de département")
        department_members[department.pk].append(head["id"])
        lead = head
        remaining = per_department - 1 if index < n_departments - 1 else n_people - len(people)
        for k in range(remaining):
            if k % 10 == 0:
                lead = person(department.pk, head, "Responsable d'équipe")
            else:
                person(department.pk, lead, "Chargé de mission")
            department_members[department.pk].append(len(people))
    joined = now - timedelta(days=1500)
    users = []
    for row in people:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        users.append((row["id"], password, None, False, first, last, False, True, joined,
                      f"person{row['id']}@eureka.example", row["entity_id"], row["manager_id"], row["path"],
                      row["title"], "fr", "", ""))
    writer.rows(User, ["id", "password", "last_login", "is_superuser", "first_name", "last_name", "is_staff",
                       "is_active", "date_joined", "email", "entity", "manager", "management_path", "job_title",
                       "language", "avatar", "avatar_thumbnail"], users)
    n_people = len(people)
    person_entity = {row["id"]: row["entity_id"] for row in people}
    clock.step("business units and people", f"{len(entities + divisions + departments)} units, {n_people} people")

    # --- roles and functional correspondents ---------------------------------------------
    executives = [chief["id"]] + [row["id"] for row in division_heads]
    ordinary = list(range(len(executives) + 1, n_people + 1))
    rng.shuffle(ordinary)
    community_managers = ordinary[: max(2, round(3 * scale))]
    administrator = ordinary[len(community_managers)]
    taken = len(community_managers) + 1
    themes = list(Theme.objects.order_by("position"))
    roles = [RoleAssignment(user_id=pk, role="executive", granted_at=joined) for pk in executives]
    roles += [RoleAssignment(user_id=pk, role="community_manager", granted_at=joined) for pk in community_managers]
    roles.append(RoleAssignment(user_id=administrator, role="administrator", granted_at=joined))
    RoleAssignment.objects.bulk_create(roles)
    per_theme = max(2, round(4 * scale ** 0.5))
    correspondents: dict[int, list[int]] = {}
    assignments = []
    for theme in themes:
        chosen = ordinary[taken: taken + per_theme]
        taken += per_theme
        correspondents[theme.pk] = chosen
        assignments += [CorrespondentAssignment(user_id=pk, theme=theme) for pk in chosen]
    CorrespondentAssignment.objects.bulk_create(assignments)
    # The last correspondent of each theme sees only one division's ideas.
    through = CorrespondentAssignment.entities.through
    limited = [assignment for assignment in CorrespondentAssignment.objects.order_by("id")][per_theme - 1::per_theme]
    through.objects.bulk_create([
        through(correspondentassignment_id=assignment.pk, entity_id=divisions[i % n_divisions].pk)
        for i, assignment in enumerate(limited)
    ])
    moderators = {pk for pks in correspondents.values() for pk in pks} | set(community_managers)

    # --- ideas ---------------------------------------------------------------------------
    n_ideas = round(3600 * scale)
    stages = []
    for stage, count in STAGE_MIX.items():
        stages += [stage] * round(count * scale)
    stages += ["published"] * (n_ideas - len(stages))
    rng.shuffle(stages)
    # One person in five posts ideas, a few of them many.
    authors = rng.sample(range(1, n_people + 1), max(1, n_people // 5))
    author_weights = weighted(rng, len(authors), 1.1)
    theme_weights = [3, 3, 1.5, 2, 2, 1.5][: len(themes)]
    ideas = []
    public_ids = []
    by_stage = defaultdict(list)
    for pk in range(1, n_ideas + 1):
        stage = stages[pk - 1]
        author = rng.choices(authors, cum_weights=author_weights)[0]
        theme = rng.choices(themes, weights=theme_weights)[0]
        created = now - timedelta(days=rng.uniform(1, 1000) ** 1.0, seconds=rng.randrange(86400))
        submitted = published = None
        if stage != "draft":
            submitted = created + timedelta(hours=rng.uniform(0.1, 48))
        if stage in ("published", "rejected", "merged", "not_retained", *PIPELINE):
            published = submitted + timedelta(hours=rng.uniform(2, 240)) if stage != "rejected" else None
        if stage == "submitted":
            submitted = now - timedelta(hours=rng.uniform(1, 24 * 20))
            created = submitted - timedelta(hours=1)
        stage_changed = (published or submitted or created) + timedelta(days=rng.uniform(0, 60)) \
            if stage in PIPELINE or stage == "not_retained" else (published or submitted or created)
        stage_changed = min(stage_changed, now - timedelta(minutes=5))
        verb, object_, context = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(CONTEXTS)
        paragraphs = [" ".join(rng.sample(SENTENCES, 3)) for _ in range(rng.randint(1, 3))]
        body = "\n\n".join(paragraphs)
        body_html = "".join(f"<p>{escape(p).replace('**mutualiser**', '<strong>mutualiser</strong>')}</p>"
                            for p in paragraphs)
        row = {
            "id": pk, "title": f"{verb} {object_} {context}", "body": body, "body_html": body_html,
            "theme_id": theme.pk, "author_id": author, "author_entity_id": person_entity[author], "stage": stage,
            "created_at": created, "updated_at": stage_changed, "submitted_at": submitted, "published_at": published,
            "stage_changed_at": stage_changed, "hidden_at": None, "hidden_reason": "", "merged_into_id": None,
            "owner_id": None, "benefit_savings_eur": None, "benefit_quality": "",
        }
        if stage in ("project", "pilot", "deployed"):
            row["owner_id"] = rng.randint(1, n_people)
        if stage == "deployed":
            row["benefit_savings_eur"] = rng.randrange(5, 500) * 1000
            row["benefit_quality"] = "Délai de traitement divisé par deux."
        ideas.append(row)
        by_stage[stage].append(pk)
    published_ids = by_stage["published"]
    for pk in by_stage["merged"]:
        row = ideas[pk - 1]
        row["merged_into_id"] = rng.choice(published_ids)
    # A few published ideas hidden by moderation (three reports).
    for pk in rng.sample(published_ids, max(1, len(published_ids) // 300)):
        ideas[pk - 1]["hidden_at"] = ideas[pk - 1]["published_at"] + timedelta(days=1)
        ideas[pk - 1]["hidden_reason"] = "Signalée par plusieurs collègues."
    open_stages = {"published", *PIPELINE}
    open_ids = [row["id"] for row in ideas if row["stage"] in open_stages and row["hidden_at"] is None]
    public_ids = [row["id"] for row in ideas if row["published_at"] is not None]
    clock.step("ideas planned", f"{n_ideas} ideas")

    # --- stage changes: the path each idea walked ----------------------------------------
    stage_changes = []

    def change(idea: dict, before: str, after: str, actor: int, moment: datetime, reason: str = "", owner=None):
        stage_changes.append((len(stage_changes) + 1, idea["id"], before, after, actor, reason, owner, moment))

    for row in ideas:
        stage, author = row["stage"], row["author_id"]
        if stage == "draft":
            continue
        correspondent = rng.choice([pk for pk in correspondents[row["theme_id"]] if pk != author] or executives)
        change(row, "draft", "submitted", author, row["submitted_at"])
        if stage == "submitted":
            continue
        if stage == "changes_requested":
            change(row, "submitted", "changes_requested", correspondent, row["submitted_at"] + timedelta(days=1),
                   "Précisez le gain attendu.")
            continue
        if stage == "rejected":
            change(row, "submitted", "rejected", correspondent, row["submitted_at"] + timedelta(days=2),
                   "Idée déjà en cours de déploiement.")
            continue
        change(row, "submitted", "published", correspondent, row["published_at"])
        if stage == "merged":
            change(row, "published", "merged", rng.choice(community_managers), row["stage_changed_at"],
                   "Doublon d'une idée plus ancienne.")
        elif stage == "not_retained":
            change(row, "published", "not_retained", rng.choice(executives), row["stage_changed_at"],
                   "Pas prioritaire cette année.")
        elif stage in PIPELINE:
            steps = PIPELINE[: PIPELINE.index(stage) + 1]
            before, moment = "published", row["published_at"]
            span = (row["stage_changed_at"] - moment) / len(steps)
            for step in steps:
                moment = moment + span
                actor = correspondent if step == "potential" else rng.choice([pk for pk in executives if pk != author])
                owner = row["owner_id"] if step in ("project", "pilot", "deployed") else None
                change(row, before, step, actor, min(moment, row["stage_changed_at"]), "Décision du comité.", owner)
                before = step

    # --- supports: a long tail over open ideas, from a long tail of people ----------------
    n_supports = round(100_000 * scale)
    idea_weights = weighted(rng, len(open_ids), 0.9)
    people_ids = list(range(1, n_people + 1))
    people_weights = weighted(rng, n_people, 0.6)
    per_idea = defaultdict(int)
    for idea_id in rng.choices(open_ids, cum_weights=idea_weights, k=n_supports):
        per_idea[idea_id] += 1
    votes, support_count, recent_count = [], defaultdict(int), defaultdict(int)
    seven_days = now - timedelta(days=7)
    for idea_id, wanted in per_idea.items():
        row = ideas[idea_id - 1]
        wanted = min(wanted, n_people - 1)
        chosen = set()
        for _attempt in range(12):
            chosen.update(rng.choices(people_ids, cum_weights=people_weights, k=2 * (wanted - len(chosen)) + 8))
            chosen.discard(row["author_id"])
            if len(chosen) >= wanted:
                break
        chosen = list(chosen)[:wanted]
        start = row["published_at"]
        span = max(60.0, (now - start).total_seconds() - 60)
        for user_id in chosen:
            # One support in fifty is from the last seven days (1,000,000 over three years is
            # about 0.7% a week; the recent weeks are busier): the trending sort counts them.
            if rng.random() < 1 / 50:
                moment = max(start, seven_days) + timedelta(seconds=rng.uniform(0, 6.9 * 86400))
                moment = min(moment, now - timedelta(seconds=30))
            else:
                moment = start + timedelta(seconds=span * rng.random() ** 2)
            votes.append((len(votes) + 1, idea_id, user_id, moment, None))
            recent_count[idea_id] += moment >= seven_days
        support_count[idea_id] += len(chosen)
    # --- comments: threads with replies, a few deleted, hidden or marked helpful ----------
    n_comments = round(30_000 * scale)
    showcase = rng.choice([pk for pk in published_ids if ideas[pk - 1]["hidden_at"] is None])
    per_idea = defaultdict(int)
    comment_weights = weighted(rng, len(public_ids), 0.8)
    for idea_id in rng.choices(public_ids, cum_weights=comment_weights, k=n_comments - 50):
        per_idea[idea_id] += 1
    per_idea[showcase] = 50
    comments, comment_count, follows = [], defaultdict(int), set()
    for idea_id, n in per_idea.items():
        row = ideas[idea_id - 1]
        start = row["published_at"]
        span = max(60.0, (now - start).total_seconds() - 60)
        moments = sorted(start + timedelta(seconds=span * rng.random() ** 1.5) for _ in range(n))
        threads = []
        for k, moment in enumerate(moments):
            author = rng.choices(people_ids, cum_weights=people_weights)[0]
            parent = rng.choice(threads) if threads and rng.random() < 0.25 else None
            pk = len(comments) + 1
            deleted = hidden = helpful = None
            if idea_id != showcase:
                roll = rng.random()
                if roll < 0.01:
                    deleted = moment + timedelta(minutes=5)
                elif roll < 0.015:
                    hidden = moment + timedelta(hours=3)
                elif roll < 0.035 and author != row["author_id"]:
                    helpful = moment + timedelta(hours=6)
            text = rng.choice(COMMENTS)
            comments.append((pk, idea_id, author, parent, text, f"<p>{escape(text)}</p>", moment, None, deleted,
                             hidden, "Propos déplacés." if hidden else "", helpful))
            if parent is None:
                threads.append(pk)
            if deleted is None and hidden is None:
                comment_count[idea_id] += 1
            follows.add((idea_id, author))
    for row in ideas:
        row["support_count"] = support_count.get(row["id"], 0)
        row["comment_count"] = comment_count.get(row["id"], 0)
        row["recent_support_count"] = recent_count.get(row["id"], 0)
        follows.add((row["id"], row["author_id"]))
    clock.step("supports and comments planned", f"{len(votes)} supports, {len(comments)} comments")

    idea_fields = ["id", "title", "body", "body_html", "theme", "author", "author_entity", "stage", "created_at",
                   "updated_at", "submitted_at", "published_at", "stage_changed_at", "hidden_at", "hidden_reason",
                   "merged_into", "owner", "benefit_savings_eur", "benefit_quality", "support_count", "comment_count",
                   "recent_support_count"]
    db_keys = [name + "_id" if name in ("theme", "author", "author_entity", "merged_into", "owner") else name
               for name in idea_fields]
    # Merged ideas point at published ones: write those first (the check on merged_into is
    # immediate on SQLite).
    ideas.sort(key=lambda row: row["merged_into_id"] is not None)
    # One transaction: SQLite writes each statement's rows at once instead of row by row.
    with transaction.atomic():
        skipped = skip_foreign_key_triggers(connection)
        writer.rows(Idea, idea_fields, ([row[key] for key in db_keys] for row in ideas))
        ideas.sort(key=lambda row: row["id"])
        writer.rows(StageChange, ["id", "idea", "from_stage", "to_stage", "actor", "reason", "owner", "created_at"],
                    stage_changes)
        clock.step("ideas written", f"{len(ideas)} ideas, {len(stage_changes)} stage changes")
        writer.rows(Vote, ["id", "idea", "user", "created_at", "merged_from"], votes)
        clock.step("supports written", f"{len(votes)}")
        # Top-level comments first: replies point at them.
        comments.sort(key=lambda row: row[3] is not None)
        writer.rows(Comment, ["id", "idea", "author", "parent", "body", "body_html", "created_at", "edited_at",
                              "deleted_at", "hidden_at", "hidden_reason", "marked_helpful_at"], comments)
        follow_rows = ((k + 1, idea_id, user_id, now - timedelta(days=1), None)
                       for k, (idea_id, user_id) in enumerate(sorted(follows)))
        n_follows = writer.rows(Follow, ["id", "idea", "user", "created_at", "merged_from"], follow_rows)
        clock.step("comments and follows written", f"{len(comments)} comments, {n_follows} follows")

        if connection.vendor == "postgresql":
            from django.apps import apps

            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                    cursor.execute(sql)
        refresh_search_vectors()
        clock.step("sequences and search vectors")

        # Statistics first, or the planner guesses on the freshly filled tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        gamification = write_gamification(writer, now)
        if skipped:
            check_foreign_keys(connection, [Idea, StageChange, Vote, Comment, Follow, LedgerEntry, Score, BadgeAward,
                                            SegmentSnapshot])
    clock.step("points, badges, segments", f"{gamification['badges']} badges, {gamification['entries_written']} "
               f"ledger entries, {gamification['people']} people with points")

    # The executive report reads summary tables, computed by the app's own rebuild.
    from reports.rollups import rollups_rebuild

    rollups = rollups_rebuild()
    clock.step("report rollups", ", ".join(f"{name} {n}" for name, n in rollups.items()))

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    clock.step("analyse")

    busiest_list_idea = max(open_ids, key=lambda pk: support_count.get(pk, 0))
    supporters = [pk for pk in people_ids if pk not in moderators and pk not in executives]
    correspondent = correspondents[themes[0].pk][0]
    return {
        "scale": scale, "people": n_people, "ideas": n_ideas, "supports": len(votes), "comments": len(comments),
        "follows": n_follows, "stage_changes": len(stage_changes), "ledger_entries": gamification["entries_written"],
        "badges": gamification["badges"], "entities": len(entities + divisions + departments),
        "showcase_idea": showcase, "busiest_idea": busiest_list_idea,
        "filter_theme": themes[0].pk, "filter_entity": divisions[0].pk, "search": "mutualiser imprimantes",
        "correspondent": correspondent, "executive": executives[0], "employees": supporters[:2000],
        # Ideas the load run supports and withdraws: open, visible, not the showcase.
        "support_ideas": rng.sample([pk for pk in open_ids if pk != showcase], min(200, len(open_ids) - 1)),
        "profile_people": [ideas[pk - 1]["author_id"] for pk in rng.sample(published_ids, min(200, len(published_ids)))],
    }


def check(manifest: dict) -> None:
    """The counters equal the rows they count; the ledger equals what the gamification
    app's rebuild would write (it writes nothing) and the scores the ledger's sums."""
    from django.db.models import Count, Q, Sum

    from gamification.ledger import rebuild
    from gamification.models import LedgerEntry, Score
    from ideas.models import Idea

    wrong = Idea.objects.annotate(
        votes_n=Count("votes", distinct=True),
        comments_n=Count("comments", filter=Q(comments__deleted_at__isnull=True, comments__hidden_at__isnull=True),
                         distinct=True),
    ).exclude(support_count=models_F("votes_n"), comment_count=models_F("comments_n")).count()
    from ideas.services.trending import recent_supports_recount

    # Time has passed since the rows were written: supports may have left the window since.
    aged = recent_supports_recount()
    result = rebuild()
    total = LedgerEntry.objects.aggregate(total=Sum("points"))["total"]
    scores = Score.objects.aggregate(total=Sum("total"))["total"]
    print(f"check: ideas with a wrong counter {wrong}; trending figures recounted since generation {aged}; rebuild wrote {result['entries_written']} entries; "
          f"ledger total {total}, scores total {scores}")
    if wrong or result["entries_written"] or total != scores:
        raise SystemExit("check failed")
    manifest["checked"] = True


def models_F(name):
    from django.db.models import F

    return F(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = Eurêka (4,573 people, 3,600 ideas), 10 = ten times")
    parser.add_argument("--database", choices=["pg", "sqlite"], default="sqlite")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--check", action="store_true",
                        help="afterwards, check the counters and run the app's ledger rebuild: it must write nothing")
    options = parser.parse_args()
    ensure_services([options.database])
    url = database_url(options.database, options.scale)
    if options.database == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        empty_database(options.database)
    setup_django(server_environment(options.database, options.scale))
    from django.db import connection

    print(f"Generating scale {options.scale:g} on {connection.vendor} ({connection.settings_dict['NAME']})", flush=True)
    clock = Clock()
    manifest = build(options.scale, options.seed, clock)
    manifest.update({"database": options.database, "vendor": connection.vendor, "generated_in_s": round(clock.total, 1),
                     "steps_s": clock.steps, "generated_at": datetime.now(UTC).isoformat(timespec="seconds")})
    if options.check:
        check(manifest)
    manifest_path(options.database, options.scale).write_text(json.dumps(manifest, indent=1))
    print(f"Done in {clock.total:.1f} s: {manifest['people']} people, {manifest['ideas']} ideas, "
          f"{manifest['supports']} supports, {manifest['comments']} comments, {manifest['ledger_entries']} ledger entries.")


if __name__ == "__main__":
    main()
