import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# code, English name, French name, English scale, French scale
DEFAULT_CRITERIA = [
    ("impact", "Impact", "Impact",
     "1: hardly noticeable · 5: changes things for many people or saves a lot",
     "1 : à peine perceptible · 5 : change les choses pour beaucoup ou fait beaucoup économiser"),
    ("feasibility", "Feasibility", "Faisabilité",
     "1: very hard to carry out · 5: can start tomorrow",
     "1 : très difficile à mettre en œuvre · 5 : peut démarrer demain"),
    ("cost", "Cost", "Coût",
     "1: very expensive · 5: costs almost nothing",
     "1 : très coûteuse · 5 : ne coûte presque rien"),
    ("strategic-fit", "Strategic fit", "Adéquation à la stratégie",
     "1: unrelated to our priorities · 5: at the heart of our strategy",
     "1 : sans rapport avec nos priorités · 5 : au cœur de notre stratégie"),
]


def create_criteria(apps, schema_editor):
    EvaluationCriterion = apps.get_model("moderation", "EvaluationCriterion")
    for position, (code, name_en, name_fr, help_en, help_fr) in enumerate(DEFAULT_CRITERIA):
        EvaluationCriterion.objects.get_or_create(
            code=code,
            defaults={"name_en": name_en, "name_fr": name_fr, "help_en": help_en, "help_fr": help_fr,
                      "position": position},
        )


class Migration(migrations.Migration):

    dependencies = [
        ('ideas', '0009_similar_ideas'),
        ('moderation', '0003_default_canned_reasons'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='EvaluationCriterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(unique=True)),
                ('name_en', models.CharField(max_length=80, verbose_name='name (English)')),
                ('name_fr', models.CharField(max_length=80, verbose_name='name (French)')),
                ('help_en', models.CharField(blank=True, max_length=200, verbose_name='scale (English)')),
                ('help_fr', models.CharField(blank=True, max_length=200, verbose_name='scale (French)')),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('is_active', models.BooleanField(default=True, help_text='Inactive criteria are no longer asked; past scores are kept.', verbose_name='active')),
            ],
            options={
                'verbose_name': 'evaluation criterion',
                'verbose_name_plural': 'evaluation criteria',
                'ordering': ['position', 'id'],
            },
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('approve', 'approved'), ('request_changes', 'requested changes'), ('reject', 'rejected'), ('stage_change', 'changed stage'), ('hide', 'hid content'), ('restore', 'restored content'), ('dismiss_flags', 'dismissed reports'), ('warn', 'warned a user'), ('suspend', 'suspended a user'), ('lift_suspension', 'lifted a suspension'), ('merge', 'merged ideas'), ('unmerge', 'undid a merge'), ('theme_change', 'changed theme'), ('edit', 'edited content'), ('assign_evaluators', 'asked experts to evaluate')], max_length=30, verbose_name='action'),
        ),
        migrations.CreateModel(
            name='Evaluation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requested_at', models.DateTimeField(auto_now_add=True)),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
                ('evaluator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to=settings.AUTH_USER_MODEL, verbose_name='expert evaluator')),
                ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evaluations', to='ideas.idea', verbose_name='idea')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'expert evaluation',
                'verbose_name_plural': 'expert evaluations',
                'ordering': ['requested_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Score',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.PositiveSmallIntegerField(verbose_name='score')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to='moderation.evaluationcriterion')),
                ('evaluation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='moderation.evaluation')),
            ],
            options={
                'verbose_name': 'score',
                'verbose_name_plural': 'scores',
                'ordering': ['criterion__position', 'criterion_id'],
            },
        ),
        migrations.AddIndex(
            model_name='evaluation',
            index=models.Index(fields=['evaluator', 'submitted_at'], name='evaluation_evaluator_status'),
        ),
        migrations.AddIndex(
            model_name='evaluation',
            index=models.Index(fields=['submitted_at', 'requested_at'], name='evaluation_pending_age'),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.UniqueConstraint(fields=('idea', 'evaluator'), name='one_evaluation_per_idea_and_evaluator'),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.UniqueConstraint(fields=('evaluation', 'criterion'), name='one_score_per_evaluation_and_criterion'),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.CheckConstraint(condition=models.Q(('value__gte', 1), ('value__lte', 5)), name='score_within_scale'),
        ),
        migrations.RunPython(create_criteria, migrations.RunPython.noop),
    ]
