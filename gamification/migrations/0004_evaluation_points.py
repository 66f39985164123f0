from django.db import migrations, models


def create_evaluation_rule(apps, schema_editor):
    PointsRule = apps.get_model("gamification", "PointsRule")
    PointsRule.objects.get_or_create(
        code="evaluation_submitted",
        defaults={"label_en": "Expert evaluation submitted", "label_fr": "Évaluation d'expert·e rendue",
                  "points": 15, "position": 9},
    )


class Migration(migrations.Migration):

    dependencies = [
        ('gamification', '0003_challenge_winners'),
    ]

    operations = [
        migrations.AlterField(
            model_name='pointsrule',
            name='code',
            field=models.CharField(choices=[('idea_published', 'idea published'), ('comment_posted', "comment on a colleague's idea"), ('support_given', 'support given'), ('support_received', 'support received'), ('idea_potential', 'idea marked as having potential'), ('idea_deployed', 'idea deployed'), ('comment_helpful', 'comment marked helpful'), ('badge_earned', 'badge earned'), ('challenge_won', "idea among a challenge's winners"), ('evaluation_submitted', 'expert evaluation submitted')], max_length=32, unique=True),
        ),
        migrations.RunPython(create_evaluation_rule, migrations.RunPython.noop),
    ]
