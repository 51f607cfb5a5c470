"""The people-search benchmark: N synthetic profiles, then the directory's query latency.

    python -m benchmarks.people [--profiles 10000] [--queries 300] [--seed 0]

A fresh instance folder (SQLite in a temporary directory, or the database at
WIKI_DATABASE_URL) gets N members in the directory with French profiles: statuses,
professions, 1 or 2 sectors, one of the 101 départements, 1 to 4 expertise tags, a town, a
presentation of 15 to 60 words drawn like the page corpus (benchmarks/corpus.py), and each
field's visibility left at its default for 60 % of the members, drawn at random for the
rest. The profiles are saved through wiki.network.profiles.save_profile (the people terms
written in the same flush), 500 to a transaction. Then a fixed mix of queries (words,
filters, both) runs as an anonymous visitor, a member and a moderator, through
wiki.network.directory.search_people (in-process: the count and one page of 20 loaded) and
through GET /api/v1/people (the test client: the whole view and its JSON); p50 and p95 are
printed with the corpus size. `wiki index verify`'s check of the people terms is timed too.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import _text, load_vocabulary
from benchmarks.run import latency_summary, machine

STATUSES = (
    "salarie",
    "salarie",
    "salarie",
    "retraite",
    "demandeur-emploi",
    "independant",
    "benevole",
    "etudiant",
    "autre",
)
PROFESSIONS = (
    "Éducatrice spécialisée",
    "Éducateur spécialisé",
    "Assistante de service social",
    "Assistant de service social",
    "Conseillère en économie sociale et familiale",
    "Moniteur éducateur",
    "Cadre de santé",
    "Cheffe de service éducatif",
    "Animatrice sociale",
    "Médiateur social",
    "Psychologue",
    "Infirmière de secteur",
    "Juriste",
    "Formatrice",
    "Directrice d'établissement",
    "",
    "",
    "",
)
ORGANISATIONS = (
    "CCAS",
    "Conseil départemental",
    "Association de prévention",
    "Centre social",
    "Mission locale",
    "Maison de quartier",
    "Foyer de jeunes travailleurs",
    "Service d'aide à domicile",
    "CHRS",
    "Amicale des locataires",
    "",
)
TOWNS = (
    "Tours",
    "Orléans",
    "Blois",
    "Bourges",
    "Chartres",
    "Châteauroux",
    "Vendôme",
    "Joué-lès-Tours",
    "Montargis",
    "Dreux",
    "Lyon",
    "Lille",
    "Nantes",
    "Marseille",
    "Saint-Denis",
    "Rennes",
    "Bordeaux",
    "Grenoble",
    "Quartier de l'Argonne",
    "La Source",
    "Le Sanitas",
    "Limoges",
    "Poitiers",
    "Angers",
)
FIRST = (
    "Camille",
    "Claire",
    "Karim",
    "Léa",
    "Yanis",
    "Sophie",
    "Nadia",
    "Thomas",
    "Inès",
    "Malik",
    "Josiane",
    "Paul",
    "Aïcha",
    "Hugo",
    "Manon",
    "Mehdi",
    "Chloé",
    "Louis",
    "Fatou",
    "Julien",
    "Élodie",
    "Samir",
    "Anne",
    "Bernard",
)
LAST = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "Benali",
    "Haddad",
    "Roux",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "N'Diaye",
)
FIELDS = (
    "status",
    "profession",
    "organisation",
    "sectors",
    "territory",
    "departement",
    "expertise",
    "presentation",
    "looking_for",
)
LEVELS = ("public", "members", "hidden")

# (q, filters): words people type, the directory's filters, and both together.
QUERIES: tuple[tuple[str, dict], ...] = (
    ("éducatrice", {}),
    ("assistante sociale", {}),
    ("aller vers", {}),
    ("Tours", {}),
    ("personnes âgées isolement", {}),
    ("prévention spécialisée", {}),
    ("Camille", {}),
    ("médiateur quartier", {}),
    ("accompagnement", {}),
    ("bénévole", {}),
    ("conseillère économie sociale familiale", {}),
    ("Lefèvre", {}),
    ("Indre-et-Loire", {}),
    ("non-demande Orléans", {}),
    ("zzzz introuvable", {}),
    ("", {"tag": "aller-vers"}),
    ("", {"departement": "37"}),
    ("", {"status": "retraite"}),
    ("", {"sector": "protection-enfance"}),
    ("", {"tag": "isolement", "departement": "45"}),
    ("", {}),
    ("", {"page": "5"}),
    ("éducateur", {"departement": "37"}),
    ("aller vers", {"status": "benevole"}),
    ("accompagnement", {"tag": "pauvrete", "sector": "action-sociale"}),
)


def generate_profiles(app, count: int, seed: int) -> float:
    """Create `count` directory members; returns the seconds it took."""
    from wiki.departements import DEPARTEMENTS
    from wiki.extensions import db
    from wiki.models import User
    from wiki.models.base import utcnow
    from wiki.network.fields import SECTORS
    from wiki.network.profiles import clean_changes, save_profile
    from wiki.pages.tagging import CONTROLLED_VOCABULARY

    rng = random.Random(seed)
    vocab = load_vocabulary()
    tags, sectors, codes = list(CONTROLLED_VOCABULARY), list(SECTORS), list(DEPARTEMENTS)
    started = time.perf_counter()
    with app.app_context():
        for start in range(0, count, 500):
            for i in range(start, min(count, start + 500)):
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                # Approved members, as a moderator leaves them: a pending account's profile
                # is seen by nobody.
                now = utcnow()
                user = User(
                    email=f"membre{i}@bench.example.org",
                    handle=f"membre-{i}",
                    display_name=name,
                    approved_at=now,
                    email_confirmed_at=now,
                )
                db.session.add(user)
                visibility = (
                    {} if rng.random() < 0.6 else {field: rng.choice(LEVELS) for field in FIELDS}
                )
                values = {
                    "status": rng.choice(STATUSES),
                    "profession": rng.choice(PROFESSIONS),
                    "organisation": rng.choice(ORGANISATIONS),
                    "sectors": rng.sample(sectors, rng.randint(1, 2)),
                    "territory": rng.choice(TOWNS),
                    "departement": rng.choice(codes),
                    "expertise_tags": rng.sample(tags, rng.randint(1, 4)),
                    "presentation": _text(vocab, rng, rng.randint(15, 60)),
                    "looking_for": _text(vocab, rng, rng.randint(0, 15))
                    if rng.random() < 0.5
                    else "",
                    "in_directory": True,
                    "visibility": visibility,
                }
                save_profile(db.session, user, clean_changes(values), ("fr", "en"))
            db.session.commit()
            print(f"  {min(count, start + 500)} profils", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    return time.perf_counter() - started


def _viewers(app):
    from wiki.auth.accounts import create_token, create_user
    from wiki.extensions import db

    with app.app_context():
        member = create_user(db.session, "lectrice@bench.example.org", "Lectrice")
        moderator = create_user(
            db.session, "moderation@bench.example.org", "Modération", role="moderator"
        )
        tokens = {
            "membre": create_token(db.session, member),
            "modération": create_token(db.session, moderator),
        }
        db.session.commit()
        return {"anonyme": None, "membre": member.id, "modération": moderator.id}, tokens


def measure(app, rounds: int) -> dict:
    from wiki.extensions import db
    from wiki.models import User
    from wiki.network.directory import parse_query, search_people

    viewer_ids, tokens = _viewers(app)
    in_process: dict[str, list[float]] = {name: [] for name in viewer_ids}
    through_api: dict[str, list[float]] = {name: [] for name in viewer_ids}
    totals: dict[str, int] = {}
    client = app.test_client()
    for _ in range(rounds):
        for name, user_id in viewer_ids.items():
            headers = {"Authorization": f"Bearer {tokens[name]}"} if name in tokens else {}
            for q, filters in QUERIES:
                args = {"q": q, **filters} if q else dict(filters)
                with app.test_request_context("/people", query_string=args):
                    viewer = db.session.get(User, user_id) if user_id else None
                    started = time.perf_counter()
                    results = search_people(viewer, parse_query(args))
                    in_process[name].append(time.perf_counter() - started)
                    totals[f"{name}: {q} {filters}"] = results.total
                    db.session.remove()
                started = time.perf_counter()
                response = client.get("/api/v1/people", query_string=args, headers=headers)
                through_api[name].append(time.perf_counter() - started)
                assert response.status_code == 200, response.get_data(as_text=True)
    return {"in_process": in_process, "api": through_api, "totals": totals}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help=f"passes over the {len(QUERIES)} queries, for each viewer",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from sqlalchemy import func, select

    from wiki import create_app
    from wiki.extensions import db
    from wiki.models import Profile, ProfileTerm
    from wiki.network.terms import verify_terms
    from wiki.setup import initialise

    with tempfile.TemporaryDirectory(prefix="wiki-people-bench-") as folder:
        app = create_app({"MAIL_DELIVERY": "inline"}, instance_path=Path(folder))
        with app.app_context():
            initialise(app)
        print(f"Profils : génération de {args.profiles}…", file=sys.stderr)
        seconds = generate_profiles(app, args.profiles, args.seed)
        with app.app_context():
            profiles = db.session.scalar(select(func.count()).select_from(Profile))
            terms = db.session.scalar(select(func.count()).select_from(ProfileTerm))
            started = time.perf_counter()
            drifts = verify_terms(db.session)
            verify_s = time.perf_counter() - started
            db.session.remove()
        figures = measure(app, args.rounds)

    print(
        f"\nRecherche de personnes — {profiles} profils dans l'annuaire, {terms} termes "
        f"({terms / profiles:.0f} par profil) ; machine : {machine()['cpus']} CPU, "
        f"Python {machine()['python']}"
    )
    print(
        f"Écriture des profils : {profiles / seconds:.0f} profils/s "
        f"(save_profile + termes, 500 par transaction)"
    )
    print(f"wiki index verify (termes des personnes) : {verify_s:.1f} s, {len(drifts)} écart(s)")
    print(f"{len(QUERIES)} requêtes × {args.rounds} passes par lecteur\n")
    print("| lecteur | search_people p50 | p95 | GET /api/v1/people p50 | p95 |")
    print("| --- | --- | --- | --- | --- |")
    every_in, every_api = [], []
    for name in figures["in_process"]:
        inner = latency_summary(figures["in_process"][name])
        outer = latency_summary(figures["api"][name])
        every_in += figures["in_process"][name]
        every_api += figures["api"][name]
        print(
            f"| {name} | {inner['p50']:.1f} ms | {inner['p95']:.1f} ms "
            f"| {outer['p50']:.1f} ms | {outer['p95']:.1f} ms |"
        )
    inner, outer = latency_summary(every_in), latency_summary(every_api)
    print(
        f"| tous | {inner['p50']:.1f} ms | {inner['p95']:.1f} ms "
        f"| {outer['p50']:.1f} ms | {outer['p95']:.1f} ms |"
    )
    print(
        "\nRésultats (anonyme) :",
        ", ".join(
            f"{key.split(': ', 1)[1].strip()} → {total}"
            for key, total in figures["totals"].items()
            if key.startswith("anonyme")
        ),
    )
    print(f"médiane des totaux : {statistics.median(figures['totals'].values()):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
