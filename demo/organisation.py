"""The demo company: its business units, its people and who holds which role.

Plain data, read by demo.seeding. People are named by a key (the local part of their
e-mail address) so that roles and reporting lines can refer to them.
"""

DOMAIN = "multitude.example"

GROUP_CODE = "groupe-multitude"

# (code, name, kind, parent code)
ENTITIES = [
    (GROUP_CODE, "Groupe Multitude", "group", None),
    ("commerce-clients", "Division Commerce et clients", "division", GROUP_CODE),
    ("edition-production", "Division Édition et production", "division", GROUP_CODE),
    ("fonctions-support", "Division Fonctions support", "division", GROUP_CODE),
    ("ventes", "Ventes", "department", "commerce-clients"),
    ("marketing", "Marketing", "department", "commerce-clients"),
    ("relation-client", "Relation client", "department", "commerce-clients"),
    ("production-editoriale", "Production éditoriale", "department", "edition-production"),
    ("fabrication-logistique", "Fabrication et logistique", "department", "edition-production"),
    ("finance", "Finance", "department", "fonctions-support"),
    ("informatique", "Informatique", "department", "fonctions-support"),
    ("ressources-humaines", "Ressources humaines", "department", "fonctions-support"),
]

# (first name, last name, job title, entity code, line manager key or None), listed top
# down so that every manager exists before the people who report to them.
PEOPLE = [
    # Group management
    ("Isabelle", "Marchand", "Directrice générale", GROUP_CODE, None),
    ("Laurent", "Girard", "Directeur commerce et clients", "commerce-clients", "isabelle.marchand"),
    ("Nathalie", "Roussel", "Directrice de l'édition et de la production", "edition-production", "isabelle.marchand"),
    ("Philippe", "Lefèvre", "Directeur administratif et financier", "fonctions-support", "isabelle.marchand"),
    # Department managers
    ("Julien", "Moreau", "Responsable des ventes", "ventes", "laurent.girard"),
    ("Camille", "Fontaine", "Responsable marketing", "marketing", "laurent.girard"),
    ("Sandrine", "Perrin", "Responsable de la relation client", "relation-client", "laurent.girard"),
    ("Olivier", "Chevalier", "Responsable de la production éditoriale", "production-editoriale", "nathalie.roussel"),
    ("Karim", "Benali", "Responsable fabrication et logistique", "fabrication-logistique", "nathalie.roussel"),
    ("Valérie", "Gautier", "Responsable comptabilité et contrôle de gestion", "finance", "philippe.lefevre"),
    ("Thomas", "Lambert", "Responsable des systèmes d'information", "informatique", "philippe.lefevre"),
    ("Sophie", "Mercier", "Responsable des ressources humaines", "ressources-humaines", "philippe.lefevre"),
    # Ventes
    ("Antoine", "Dubois", "Chargé d'affaires grands comptes", "ventes", "julien.moreau"),
    ("Émilie", "Laurent", "Commerciale terrain Île-de-France", "ventes", "julien.moreau"),
    ("Mehdi", "Haddad", "Commercial sédentaire", "ventes", "julien.moreau"),
    ("Claire", "Bonnet", "Assistante commerciale", "ventes", "julien.moreau"),
    ("Hugo", "Lemaire", "Chargé d'affaires libraires", "ventes", "julien.moreau"),
    ("Inès", "Carpentier", "Administratrice des ventes", "ventes", "julien.moreau"),
    # Marketing
    ("Manon", "Petit", "Responsable de l'innovation participative", "marketing", "camille.fontaine"),
    ("Léa", "Rousseau", "Chargée de marketing digital", "marketing", "camille.fontaine"),
    ("Maxime", "Garnier", "Chef de produit", "marketing", "camille.fontaine"),
    ("Chloé", "Faure", "Chargée de communication", "marketing", "camille.fontaine"),
    ("Nicolas", "Blanc", "Graphiste", "marketing", "camille.fontaine"),
    ("Yasmine", "Cherif", "Chargée d'études marketing", "marketing", "camille.fontaine"),
    # Relation client
    ("Aurélie", "Robin", "Conseillère clientèle", "relation-client", "sandrine.perrin"),
    ("Kevin", "Masson", "Conseiller clientèle", "relation-client", "sandrine.perrin"),
    ("Fatou", "Diallo", "Superviseuse du centre de contact", "relation-client", "sandrine.perrin"),
    ("Julie", "Picard", "Chargée de la qualité client", "relation-client", "sandrine.perrin"),
    ("Romain", "Renaud", "Conseiller clientèle", "relation-client", "sandrine.perrin"),
    ("Sarah", "Leclerc", "Chargée des réclamations", "relation-client", "sandrine.perrin"),
    # Production éditoriale
    ("Pauline", "Morel", "Éditrice", "production-editoriale", "olivier.chevalier"),
    ("Guillaume", "Durand", "Secrétaire de rédaction", "production-editoriale", "olivier.chevalier"),
    ("Marion", "Lefebvre", "Correctrice", "production-editoriale", "olivier.chevalier"),
    ("Alexandre", "Muller", "Éditeur numérique", "production-editoriale", "olivier.chevalier"),
    ("Élodie", "Bertrand", "Iconographe", "production-editoriale", "olivier.chevalier"),
    ("Vincent", "Roux", "Maquettiste", "production-editoriale", "olivier.chevalier"),
    # Fabrication et logistique
    ("Stéphane", "Fournier", "Chef de fabrication", "fabrication-logistique", "karim.benali"),
    ("Nadia", "Belkacem", "Gestionnaire logistique", "fabrication-logistique", "karim.benali"),
    ("Cédric", "Michel", "Technicien d'atelier", "fabrication-logistique", "karim.benali"),
    ("Laura", "Mathieu", "Acheteuse papier", "fabrication-logistique", "karim.benali"),
    ("Jérôme", "André", "Magasinier cariste", "fabrication-logistique", "karim.benali"),
    ("Anaïs", "Simon", "Planificatrice de production", "fabrication-logistique", "karim.benali"),
    # Finance
    ("François", "Boyer", "Contrôleur de gestion", "finance", "valerie.gautier"),
    ("Hélène", "Dupuis", "Comptable fournisseurs", "finance", "valerie.gautier"),
    ("Sébastien", "Meunier", "Trésorier", "finance", "valerie.gautier"),
    ("Caroline", "Brun", "Comptable clients", "finance", "valerie.gautier"),
    ("Patrick", "Giraud", "Acheteur", "finance", "valerie.gautier"),
    ("Amandine", "Colin", "Analyste financière", "finance", "valerie.gautier"),
    # Informatique
    ("Damien", "Lucas", "Administrateur de la plateforme Multitude", "informatique", "thomas.lambert"),
    ("Lucie", "Vidal", "Cheffe de projet SI", "informatique", "thomas.lambert"),
    ("Mathieu", "Arnaud", "Développeur", "informatique", "thomas.lambert"),
    ("Samir", "Bouzid", "Technicien support", "informatique", "thomas.lambert"),
    ("Céline", "Henry", "Architecte données", "informatique", "thomas.lambert"),
    ("Benjamin", "Rey", "Ingénieur réseau", "informatique", "thomas.lambert"),
    # Ressources humaines
    ("Juliette", "Caron", "Chargée de communication interne", "ressources-humaines", "sophie.mercier"),
    ("Aurélien", "Noël", "Chargé de formation", "ressources-humaines", "sophie.mercier"),
    ("Marine", "Dumont", "Responsable qualité de vie au travail", "ressources-humaines", "sophie.mercier"),
    ("Christophe", "Lacroix", "Chargé de recrutement", "ressources-humaines", "sophie.mercier"),
    ("Agathe", "Fabre", "Gestionnaire paie", "ressources-humaines", "sophie.mercier"),
    ("Thierry", "Barbier", "Responsable des services généraux", "ressources-humaines", "sophie.mercier"),
]

# The platform administrator: a Django superuser holding the administrator role.
ADMINISTRATOR = "damien.lucas"
COMMUNITY_MANAGERS = ["manon.petit", "juliette.caron"]
# The first executive is the one shown among the demo logins: a division director, who
# may decide on the ideas of the other divisions (the CEO manages everyone, so none).
EXECUTIVES = ["philippe.lefevre", "laurent.girard", "nathalie.roussel", "isabelle.marchand"]

# (person, theme slug, limited to these entity codes — empty: every business unit).
# Every theme has at least two unrestricted correspondents who manage nobody, so each
# idea has someone allowed to validate it; the managers and the limited ones add the
# cases the rules must refuse (a manager never validates their own team's ideas).
CORRESPONDENTS = [
    ("julie.picard", "customer-experience", []),
    ("yasmine.cherif", "customer-experience", []),
    ("sandrine.perrin", "customer-experience", ["commerce-clients"]),
    ("francois.boyer", "cost-savings", []),
    ("patrick.giraud", "cost-savings", []),
    ("valerie.gautier", "cost-savings", []),
    ("laura.mathieu", "cost-savings", ["edition-production"]),
    ("lucie.vidal", "process-optimisation", []),
    ("stephane.fournier", "process-optimisation", []),
    ("alexandre.muller", "process-optimisation", ["edition-production"]),
    ("chloe.faure", "brand-value", []),
    ("maxime.garnier", "brand-value", []),
    ("camille.fontaine", "brand-value", []),
    ("fatou.diallo", "quality-of-service", []),
    ("samir.bouzid", "quality-of-service", []),
    ("guillaume.durand", "quality-of-service", ["production-editoriale"]),
    ("marine.dumont", "workplace", []),
    ("thierry.barbier", "workplace", []),
    ("sophie.mercier", "workplace", []),
]

# People who post far more than the others (the "big contributors" of the segments).
PROLIFIC_AUTHORS = ["hugo.lemaire", "nadia.belkacem", "aurelie.robin", "mathieu.arnaud", "pauline.morel"]

# Departments whose people post most on each theme.
THEME_HOME_ENTITIES = {
    "cost-savings": ["finance", "fabrication-logistique"],
    "process-optimisation": ["informatique", "production-editoriale", "finance"],
    "brand-value": ["marketing", "production-editoriale"],
    "quality-of-service": ["relation-client", "informatique"],
    "workplace": ["ressources-humaines"],
    "customer-experience": ["relation-client", "ventes", "marketing"],
}
