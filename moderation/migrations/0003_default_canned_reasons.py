"""Ready-made reasons moderators start with; community managers edit them in the admin."""

from django.db import migrations

DEFAULTS = [
    ("request_changes", "Unclear proposal", "Proposition peu claire",
     "Please say more precisely what you propose and what it would change.",
     "Merci de préciser ce que vous proposez et ce que cela changerait."),
    ("request_changes", "Wrong theme", "Mauvais thème",
     "This idea fits another theme better: please choose it and submit again.",
     "Cette idée relève plutôt d'un autre thème : choisissez-le puis soumettez-la à nouveau."),
    ("reject", "Already exists", "Existe déjà",
     "This is already in place or already planned in the company.",
     "Cela existe déjà ou est déjà prévu dans l'entreprise."),
    ("reject", "Not an idea", "Pas une idée",
     "This is a request or a complaint rather than an idea: please use the usual channel.",
     "Il s'agit d'une demande ou d'une réclamation plutôt que d'une idée : merci de passer par le canal habituel."),
    ("not_retained", "Cost too high", "Coût trop élevé",
     "The expected benefit does not cover the cost at this time.",
     "Le bénéfice attendu ne couvre pas le coût à ce stade."),
    ("not_retained", "Not a priority", "Pas prioritaire",
     "The idea is sound but does not fit this year's priorities.",
     "L'idée est bonne mais ne s'inscrit pas dans les priorités de l'année."),
    ("hide", "Offensive content", "Contenu offensant",
     "This content breaks the community's charter: it is offensive towards people.",
     "Ce contenu enfreint la charte de la communauté : il est offensant envers des personnes."),
    ("hide", "Personal data", "Données personnelles",
     "This content exposes personal or confidential information.",
     "Ce contenu expose des informations personnelles ou confidentielles."),
    ("flag", "Offensive or disrespectful", "Offensant ou irrespectueux",
     "This content is offensive or disrespectful.", "Ce contenu est offensant ou irrespectueux."),
    ("flag", "Confidential information", "Information confidentielle",
     "This content discloses confidential information.", "Ce contenu divulgue une information confidentielle."),
    ("flag", "Spam or off topic", "Spam ou hors sujet",
     "This content is spam or has nothing to do with ideas.", "Ce contenu est du spam ou sans rapport avec les idées."),
    ("sanction", "Repeated breaches of the charter", "Manquements répétés à la charte",
     "Several of your contributions broke the community's charter.",
     "Plusieurs de vos contributions ont enfreint la charte de la communauté."),
    ("merge", "Duplicate", "Doublon",
     "This idea says the same as another one: their supporters are now together.",
     "Cette idée dit la même chose qu'une autre : leurs soutiens sont désormais réunis."),
]


def create(apps, schema_editor):
    CannedReason = apps.get_model("moderation", "CannedReason")
    for position, (use, label_en, label_fr, text_en, text_fr) in enumerate(DEFAULTS):
        CannedReason.objects.get_or_create(
            use=use, label_en=label_en,
            defaults={"label_fr": label_fr, "text_en": text_en, "text_fr": text_fr, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_flags_sanctions_audit")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
