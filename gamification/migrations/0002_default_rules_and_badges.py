from django.db import migrations

# code, English, French, points, daily cap, per-idea cap
DEFAULT_RULES = [
    ("idea_published", "Idea published", "Idée publiée", 10, None, None),
    ("comment_posted", "Comment on a colleague's idea", "Commentaire sur l'idée d'un·e collègue", 2, 10, None),
    ("support_given", "Support given", "Soutien donné", 1, 20, None),
    ("support_received", "Support received", "Soutien reçu", 1, None, 50),
    ("idea_potential", "Idea marked as having potential", "Idée jugée à potentiel", 30, None, None),
    ("idea_deployed", "Idea deployed (shared with co-authors)", "Idée déployée (partagée avec les co-auteurs)",
     100, None, None),
    ("comment_helpful", "Comment marked helpful by the idea's author", "Commentaire jugé utile par l'auteur·rice de l'idée",
     5, None, None),
    ("badge_earned", "Badge earned (points set per badge level)", "Badge obtenu (points fixés par niveau de badge)",
     0, None, None),
]

# code, English name, French name, English description, French description, criterion, bronze, silver, gold
DEFAULT_BADGES = [
    ("idea-maker", "Idea maker", "Faiseur d'idées", "Ideas published", "Idées publiées",
     "ideas_published", 1, 10, 50),
    ("supporter", "Supporter", "Soutien", "Supports given to colleagues' ideas", "Soutiens donnés aux idées des collègues",
     "supports_given", 10, 100, 500),
    ("commenter", "Contributor", "Contributeur", "Comments on colleagues' ideas", "Commentaires sur les idées des collègues",
     "comments_on_others", 5, 50, 250),
    ("potential", "Spotter", "Dénicheur", "Ideas that reached potential", "Idées jugées à potentiel",
     "ideas_potential", 1, 5, 20),
    ("deployed", "Builder", "Bâtisseur", "Ideas deployed", "Idées déployées", "ideas_deployed", 1, 3, 10),
    ("explorer", "Explorer", "Explorateur", "Themes explored", "Thèmes explorés", "themes_explored", 2, 4, 6),
    ("facilitator", "Facilitator", "Facilitateur", "Comments marked helpful", "Commentaires jugés utiles",
     "helpful_comments", 1, 10, 50),
]


def create_defaults(apps, schema_editor):
    PointsRule = apps.get_model("gamification", "PointsRule")
    Badge = apps.get_model("gamification", "Badge")
    for position, (code, label_en, label_fr, points, daily_cap, per_idea_cap) in enumerate(DEFAULT_RULES):
        PointsRule.objects.get_or_create(
            code=code,
            defaults={"label_en": label_en, "label_fr": label_fr, "points": points, "daily_cap": daily_cap,
                      "per_idea_cap": per_idea_cap, "position": position},
        )
    for position, (code, name_en, name_fr, desc_en, desc_fr, criterion, bronze, silver, gold) in enumerate(DEFAULT_BADGES):
        Badge.objects.get_or_create(
            code=code,
            defaults={"name_en": name_en, "name_fr": name_fr, "description_en": desc_en, "description_fr": desc_fr,
                      "criterion": criterion, "bronze": bronze, "silver": silver, "gold": gold, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("gamification", "0001_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
