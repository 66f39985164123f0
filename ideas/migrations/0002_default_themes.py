from django.db import migrations

DEFAULT_THEMES = [
    ("cost-savings", "Cost savings", "Recherche d'économies",
     "Spend less for the same result: purchasing, energy, waste, tools.",
     "Dépenser moins pour le même résultat : achats, énergie, gaspillage, outils."),
    ("process-optimisation", "Process optimisation", "Optimisation des processus",
     "Simpler, faster, more reliable ways of working.",
     "Des façons de travailler plus simples, plus rapides, plus fiables."),
    ("brand-value", "Brand value", "Valorisation de la marque",
     "What makes our brand and products better known and better liked.",
     "Ce qui rend notre marque et nos produits plus connus et plus appréciés."),
    ("quality-of-service", "Quality of service", "Amélioration de la qualité de service",
     "Better service to customers and colleagues.",
     "Un meilleur service aux clients et aux collègues."),
    ("workplace", "Workplace", "Vie au travail",
     "Offices, well-being, cooperation between teams.",
     "Locaux, bien-être, coopération entre équipes."),
    ("customer-experience", "Customer experience", "Expérience client",
     "Every moment a customer spends with us.",
     "Chaque moment qu'un client passe avec nous."),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("ideas", "Theme")
    for position, (slug, name_en, name_fr, description_en, description_fr) in enumerate(DEFAULT_THEMES):
        Theme.objects.get_or_create(
            slug=slug,
            defaults={"name_en": name_en, "name_fr": name_fr, "description_en": description_en,
                      "description_fr": description_fr, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]
    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
