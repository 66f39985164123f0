"""What the demo company writes: ideas, comments, and the reasons moderators give.

Plain data, read by demo.seeding. Ideas are (theme slug, title, Markdown body).
"""

IDEAS = [
    # --- Recherche d'économies ---------------------------------------------------------
    ("cost-savings", "Imprimer en recto verso et en noir et blanc par défaut",
     "Nos imprimantes partagées sont réglées en recto simple et en couleur. La plupart des "
     "documents imprimés sont des supports de réunion relus une fois puis jetés.\n\n"
     "**Proposition** : changer le réglage par défaut de toutes les imprimantes (recto verso, "
     "noir et blanc). La couleur reste possible en un clic pour ceux qui en ont besoin.\n\n"
     "D'après le dernier relevé des Services généraux, cela représenterait près de 40 % de "
     "papier et de toner en moins."),
    ("cost-savings", "Regrouper nos commandes de papier avec les autres sites du groupe",
     "Chaque site commande son papier de bureau de son côté, auprès de fournisseurs différents, "
     "en petites quantités.\n\n"
     "En regroupant les commandes deux fois par an, nous pourrions négocier un tarif unique "
     "et réduire les frais de livraison. Les Achats ont déjà les contacts nécessaires."),
    ("cost-savings", "Éteindre automatiquement les postes le soir et le week-end",
     "Beaucoup d'ordinateurs et d'écrans restent allumés toute la nuit, et parfois tout le "
     "week-end.\n\n"
     "- mise en veille automatique des postes à 20 h ;\n"
     "- extinction des écrans des salles de réunion après 30 minutes sans activité ;\n"
     "- un rappel affiché le vendredi après-midi.\n\n"
     "Gain estimé : plusieurs milliers d'euros d'électricité par an, sans aucun investissement."),
    ("cost-savings", "Faire le tri dans les licences logicielles inutilisées",
     "Nous payons des abonnements logiciels pour des personnes qui ont changé de poste ou "
     "quitté l'entreprise, et certains outils font doublon.\n\n"
     "**Proposition** : une revue trimestrielle des licences avec chaque responsable de "
     "service, à partir de la date de dernière connexion fournie par l'Informatique."),
    ("cost-savings", "Réduire la gâche papier au calage des machines",
     "À chaque changement de série, l'atelier imprime plusieurs centaines de feuilles avant "
     "d'obtenir le bon réglage des couleurs.\n\n"
     "En préparant les profils de couleur en amont avec la Production éditoriale et en "
     "enregistrant les réglages des titres réimprimés, on pourrait diviser cette gâche par deux."),
    ("cost-savings", "Mutualiser les stands des salons professionnels",
     "Les Ventes et le Marketing réservent parfois chacun un espace dans le même salon.\n\n"
     "Un seul stand commun, mieux placé, coûterait moins cher et donnerait une image plus "
     "cohérente de la maison. Il suffirait d'un calendrier partagé des salons dès janvier."),
    ("cost-savings", "Remplacer les bouteilles d'eau par des fontaines filtrantes",
     "Nous achetons des packs de bouteilles pour les réunions et les visiteurs.\n\n"
     "Des fontaines reliées au réseau, avec des carafes et des gourdes aux couleurs de "
     "l'entreprise, seraient amorties en moins d'un an et supprimeraient des milliers de "
     "bouteilles en plastique."),
    ("cost-savings", "Dématérialiser complètement les notes de frais",
     "Les notes de frais circulent encore en papier avec les justificatifs agrafés, puis "
     "sont ressaisies par la Comptabilité.\n\n"
     "**Proposition** : photo du justificatif depuis le téléphone, validation en ligne par "
     "le responsable, export direct vers la comptabilité. Moins de saisie, moins d'erreurs, "
     "des remboursements plus rapides."),
    ("cost-savings", "Vendre les invendus abîmés à un soldeur plutôt que les pilonner",
     "Les ouvrages légèrement abîmés (couverture frottée, coin corné) partent au pilon.\n\n"
     "Un accord avec un soldeur ou une ressourcerie permettrait de récupérer une partie de "
     "leur valeur, tout en évitant de détruire des livres lisibles."),
    ("cost-savings", "Optimiser les tournées de livraison vers les libraires",
     "Les livraisons aux libraires de la région sont organisées au fil des commandes, avec "
     "des camions souvent à moitié vides.\n\n"
     "Regrouper les livraisons par secteur géographique, deux jours fixes par semaine, "
     "réduirait les kilomètres parcourus sans allonger les délais pour les libraires."),
    ("cost-savings", "Un contrat d'énergie commun à tous nos sites",
     "Chaque site a son propre contrat d'électricité et de gaz, signés à des dates "
     "différentes.\n\n"
     "Un appel d'offres groupé, accompagné par un courtier, nous donnerait plus de poids "
     "dans la négociation et une seule échéance à suivre."),
    ("cost-savings", "Limiter les épreuves papier aux dernières relectures",
     "Nous imprimons encore plusieurs jeux d'épreuves complètes pour chaque ouvrage.\n\n"
     "Les premières relectures pourraient se faire sur PDF annoté, et seules les épreuves "
     "finales être imprimées. Les correcteurs volontaires pourraient tester sur un titre."),
    ("cost-savings", "Réutiliser les cartons reçus pour nos expéditions",
     "L'entrepôt reçoit chaque jour des cartons en bon état qui partent directement à la "
     "benne, alors que nous achetons des cartons neufs pour les envois d'échantillons.\n\n"
     "Un simple espace de stockage trié par taille suffirait."),
    ("cost-savings", "Centraliser les abonnements presse et bases de données",
     "Plusieurs services paient séparément les mêmes abonnements (presse professionnelle, "
     "bases de données sectorielles).\n\n"
     "Un recensement puis des abonnements groupés, partagés via l'intranet, éviteraient les "
     "doublons."),
    # --- Optimisation des processus ----------------------------------------------------
    ("process-optimisation", "Un circuit unique de validation des devis",
     "Selon le service, un devis fournisseur est validé par mail, sur papier ou dans "
     "l'outil d'achats. Personne ne sait où en est sa demande.\n\n"
     "**Proposition** : un seul circuit dans l'outil d'achats, avec des seuils clairs "
     "(responsable, puis direction au-delà de 5 000 €) et une relance automatique après "
     "trois jours."),
    ("process-optimisation", "Automatiser le rapprochement bancaire",
     "Le rapprochement des relevés bancaires avec les écritures comptables se fait encore "
     "ligne à ligne dans un tableur, une journée par semaine.\n\n"
     "Notre logiciel comptable propose un module de rapprochement automatique : il suffirait "
     "de l'activer et de définir les règles avec la Trésorerie."),
    ("process-optimisation", "Un modèle commun de cahier des charges pour les projets SI",
     "Chaque demande de projet informatique arrive sous une forme différente, et il faut "
     "souvent plusieurs allers-retours pour comprendre le besoin.\n\n"
     "Un modèle court (contexte, utilisateurs, besoin, échéance, budget) ferait gagner du "
     "temps à tout le monde."),
    ("process-optimisation", "Signature électronique des contrats d'auteurs",
     "Les contrats d'auteurs partent encore par courrier en deux exemplaires, et il faut "
     "parfois plusieurs semaines pour les récupérer signés.\n\n"
     "La signature électronique a la même valeur juridique, et les auteurs qui vivent à "
     "l'étranger nous la demandent régulièrement."),
    ("process-optimisation", "Moins de relectures successives pour chaque manuscrit",
     "Un manuscrit passe aujourd'hui par quatre ou cinq relectures, parfois sur des versions "
     "différentes du fichier.\n\n"
     "- un fichier unique partagé avec suivi des modifications ;\n"
     "- deux relectures complètes au lieu de quatre ;\n"
     "- une liste de contrôle commune pour la dernière passe."),
    ("process-optimisation", "Un tableau de suivi partagé des demandes d'achat",
     "Les demandeurs relancent les Achats par mail pour savoir où en est leur commande.\n\n"
     "Un tableau consultable par tous (demande, statut, date de livraison prévue) réduirait "
     "les relances et les oublis."),
    ("process-optimisation", "Un parcours d'intégration en ligne pour les nouveaux arrivants",
     "L'accueil des nouveaux arrivants dépend beaucoup du service : certains reçoivent leur "
     "ordinateur le premier jour, d'autres au bout d'une semaine.\n\n"
     "**Proposition** : une liste de tâches partagée entre RH, Informatique, Services "
     "généraux et le responsable, déclenchée dès la signature du contrat."),
    ("process-optimisation", "Prévenir automatiquement les clients d'un retard de livraison",
     "Quand une livraison prend du retard, le client l'apprend souvent en appelant le "
     "service client.\n\n"
     "Un message automatique envoyé dès que le transporteur signale le retard éviterait de "
     "nombreux appels et rassurerait les clients."),
    ("process-optimisation", "Un catalogue des demandes informatiques avec délais annoncés",
     "On ne sait jamais s'il faut envoyer un mail, appeler ou ouvrir un ticket, ni combien "
     "de temps prendra la demande.\n\n"
     "Un catalogue en ligne (nouveau poste, accès à une application, matériel) avec un "
     "formulaire et un délai annoncé pour chaque demande."),
    ("process-optimisation", "Planifier la fabrication à partir des prévisions de ventes",
     "L'atelier découvre souvent les réimpressions urgentes au dernier moment.\n\n"
     "Partager chaque semaine les prévisions de ventes des titres en cours permettrait "
     "d'anticiper les réimpressions et de lisser la charge de l'atelier."),
    ("process-optimisation", "Supprimer la double saisie des commandes libraires",
     "Les commandes reçues par le portail libraires sont ressaisies à la main dans l'outil "
     "de gestion commerciale.\n\n"
     "Une interface entre les deux outils supprimerait cette saisie, source d'erreurs de "
     "quantité et de retards."),
    ("process-optimisation", "Des points d'équipe de quinze minutes le lundi",
     "Nos réunions d'équipe hebdomadaires durent une heure et demie et débordent souvent.\n\n"
     "Un point court, debout, le lundi matin, centré sur les priorités de la semaine et les "
     "blocages, suivi d'échanges ciblés seulement si nécessaire."),
    ("process-optimisation", "Archiver automatiquement les dossiers de projets terminés",
     "Les espaces partagés débordent de dossiers de projets terminés depuis des années, et "
     "on ne retrouve plus les versions de référence.\n\n"
     "Un archivage automatique six mois après la clôture, avec une règle de nommage commune."),
    # --- Valorisation de la marque ------------------------------------------------------
    ("brand-value", "Un programme d'ambassadeurs parmi les salariés",
     "Beaucoup d'entre nous parlent déjà de nos livres autour d'eux et sur les réseaux.\n\n"
     "**Proposition** : un groupe d'ambassadeurs volontaires, qui reçoit les nouveautés en "
     "avant-première et des contenus prêts à partager, dans le respect de la charte de "
     "communication."),
    ("brand-value", "Raconter les coulisses de la fabrication d'un livre",
     "Nos lecteurs ne savent pas comment naît un livre : choix du manuscrit, maquette, "
     "impression, reliure.\n\n"
     "Une série de publications courtes sur nos réseaux, avec les équipes de la Production "
     "éditoriale et de l'atelier, mettrait en valeur nos savoir-faire."),
    ("brand-value", "Des rencontres d'auteurs dans les médiathèques",
     "Les rencontres d'auteurs se concentrent dans les grandes villes.\n\n"
     "Un partenariat avec les réseaux de médiathèques de nos régions permettrait de toucher "
     "de nouveaux lecteurs, à faible coût, et de renforcer notre ancrage local."),
    ("brand-value", "Une signature e-mail commune à tous les collaborateurs",
     "Chacun a sa propre signature e-mail : polices, couleurs et logos différents, parfois "
     "anciens.\n\n"
     "Un modèle unique, généré automatiquement, avec le logo à jour et un lien vers les "
     "nouveautés du mois."),
    ("brand-value", "Un prix littéraire des salariés du groupe",
     "Chaque année, un jury de salariés volontaires choisirait son livre préféré parmi une "
     "sélection de la rentrée.\n\n"
     "Le prix serait annoncé en librairie et sur nos réseaux : une belle façon de montrer que "
     "nous lisons ce que nous publions."),
    ("brand-value", "Afficher nos engagements environnementaux sur les ouvrages",
     "Nous utilisons du papier certifié et des encres végétales, mais personne ne le sait.\n\n"
     "Un pictogramme discret en quatrième de couverture, renvoyant vers une page qui "
     "explique nos engagements, valoriserait ces efforts auprès des lecteurs."),
    ("brand-value", "Ouvrir l'atelier au public pendant les Journées du patrimoine",
     "Notre atelier de reliure est l'un des derniers de la région.\n\n"
     "Une ouverture au public un week-end par an, avec des démonstrations, attirerait les "
     "familles et la presse locale."),
    ("brand-value", "Une lettre mensuelle pour les libraires partenaires",
     "Les libraires reçoivent nos informations de façon dispersée, selon le commercial "
     "qui les suit.\n\n"
     "Une lettre mensuelle commune : nouveautés, opérations en cours, matériel de vitrine "
     "disponible et agenda des auteurs en tournée."),
    ("brand-value", "Des ateliers d'écriture avec les écoles",
     "Proposer aux écoles et collèges voisins des ateliers d'écriture animés par nos "
     "éditeurs et nos auteurs jeunesse.\n\n"
     "Un engagement concret auprès des jeunes lecteurs, et une belle visibilité locale."),
    ("brand-value", "Refondre la page carrières du site",
     "La page carrières se limite à une liste d'offres. Elle ne dit rien de nos métiers ni "
     "de la vie dans l'entreprise.\n\n"
     "Des portraits de collègues, des vidéos courtes et une présentation des métiers du "
     "livre nous aideraient à recruter."),
    ("brand-value", "Des vidéos courtes où les éditeurs présentent leurs coups de cœur",
     "Une minute, un livre, un éditeur : un format simple à tourner avec un téléphone, "
     "publié chaque semaine sur nos réseaux et sur le site."),
    ("brand-value", "Une charte de prise de parole sur les réseaux sociaux",
     "Plusieurs collègues hésitent à parler de leur travail en ligne, de peur de mal faire.\n\n"
     "Une charte courte, avec des exemples, les rassurerait et donnerait plus de visibilité "
     "à nos actualités."),
    ("brand-value", "Rééditer nos titres anciens avec des préfaces inédites",
     "Notre fonds contient des titres épuisés qui ont marqué l'histoire de la maison.\n\n"
     "Une collection de rééditions commentées, préfacées par des auteurs d'aujourd'hui, "
     "ferait vivre ce patrimoine."),
    # --- Amélioration de la qualité de service ------------------------------------------
    ("quality-of-service", "Un numéro de suivi unique pour chaque réclamation",
     "Un client qui rappelle doit souvent réexpliquer toute son histoire, car sa réclamation "
     "n'est pas identifiée.\n\n"
     "Un numéro de suivi communiqué dès le premier contact permettrait à n'importe quel "
     "conseiller de reprendre le dossier."),
    ("quality-of-service", "Rappeler le client sous 48 heures après un incident",
     "Après un incident (colis perdu, ouvrage défectueux), le client n'a plus de nouvelles "
     "une fois la solution envoyée.\n\n"
     "Un rappel systématique sous 48 heures pour vérifier que tout est réglé montrerait que "
     "nous tenons à lui."),
    ("quality-of-service", "Une base de connaissances partagée pour les conseillers",
     "Les réponses aux questions difficiles sont dans la tête des conseillers les plus "
     "anciens.\n\n"
     "Une base de connaissances simple, alimentée par l'équipe et relue chaque mois, "
     "aiderait les nouveaux conseillers et harmoniserait les réponses."),
    ("quality-of-service", "Afficher le délai estimé des demandes informatiques",
     "Quand on ouvre un ticket, on ne sait pas quand il sera traité.\n\n"
     "Afficher un délai estimé, selon le type de demande et la charge du moment, éviterait "
     "les relances et les appels au support."),
    ("quality-of-service", "Une enquête de satisfaction après chaque intervention du support",
     "Le support informatique n'a aucun retour sur la qualité de ses interventions.\n\n"
     "Deux questions envoyées à la clôture du ticket (satisfait ? un commentaire ?) "
     "suffiraient pour repérer ce qui fonctionne et ce qui coince."),
    ("quality-of-service", "Former les conseillers aux titres à paraître",
     "Les clients nous interrogent sur les nouveautés avant même leur sortie, et les "
     "conseillers découvrent les titres en même temps qu'eux.\n\n"
     "Une présentation d'une demi-heure par les éditeurs, chaque mois, changerait tout."),
    ("quality-of-service", "Un interlocuteur unique par grand compte libraire",
     "Les grandes librairies ont affaire à plusieurs interlocuteurs selon le sujet "
     "(commande, retour, facture).\n\n"
     "Un référent unique, qui oriente les demandes en interne, simplifierait la relation et "
     "éviterait les réponses contradictoires."),
    ("quality-of-service", "Contrôler systématiquement les premiers exemplaires imprimés",
     "Des défauts d'impression sont parfois découverts par les libraires.\n\n"
     "Un contrôle des dix premiers exemplaires de chaque tirage, avec une fiche de contrôle "
     "signée, éviterait des retours coûteux."),
    ("quality-of-service", "Des réponses types relues pour les questions fréquentes",
     "Chaque conseiller rédige ses propres réponses écrites, avec des formulations parfois "
     "maladroites.\n\n"
     "Une vingtaine de réponses types, relues par la communication et le juridique, à "
     "personnaliser selon le cas."),
    ("quality-of-service", "Ouvrir le service client le samedi matin",
     "Beaucoup de lecteurs ne peuvent nous joindre qu'en dehors de leurs heures de travail.\n\n"
     "Une permanence le samedi de 9 h à 12 h, assurée à tour de rôle par des volontaires, "
     "avec récupération des heures."),
    ("quality-of-service", "Suivre le taux de résolution au premier contact",
     "Nous mesurons le nombre d'appels traités, pas le nombre de problèmes réglés.\n\n"
     "Suivre la part des demandes réglées dès le premier contact donnerait une meilleure "
     "image de la qualité du service rendu."),
    ("quality-of-service", "Un canal direct entre l'atelier et le service client",
     "Quand un défaut de fabrication est signalé par un client, l'information met des jours "
     "à arriver à l'atelier.\n\n"
     "Un canal de discussion dédié, avec une personne de garde de chaque côté, accélérerait "
     "les corrections."),
    ("quality-of-service", "Un errata participatif pour nos ouvrages",
     "Les lecteurs nous signalent des coquilles par mail, et l'information se perd.\n\n"
     "Un formulaire en ligne par ouvrage, dont les signalements arrivent directement à "
     "l'éditeur et sont pris en compte à la réimpression."),
    ("quality-of-service", "Une revue mensuelle des incidents majeurs",
     "Les mêmes incidents se répètent car personne ne prend le temps d'en chercher la cause.\n\n"
     "Une revue mensuelle d'une heure, avec les équipes concernées, pour analyser les trois "
     "incidents les plus marquants et décider d'une action."),
    # --- Vie au travail -------------------------------------------------------------------
    ("workplace", "Des salles calmes pour le travail concentré",
     "Dans l'open space, il est difficile de rédiger ou de relire un texte long sans être "
     "interrompu.\n\n"
     "Transformer deux petites salles de réunion peu utilisées en espaces calmes, sans "
     "téléphone, réservables à la demi-journée."),
    ("workplace", "Un potager partagé sur la terrasse",
     "La terrasse du deuxième étage est inutilisée la plupart de l'année.\n\n"
     "Quelques bacs de culture entretenus par des volontaires : un lieu de rencontre entre "
     "services, et des herbes aromatiques pour la cafétéria."),
    ("workplace", "Une application de covoiturage entre collègues",
     "Beaucoup d'entre nous font le même trajet, seuls en voiture, entre les sites et la "
     "gare.\n\n"
     "Une application de covoiturage réservée aux salariés, avec une place de parking "
     "réservée aux covoitureurs."),
    ("workplace", "Des déjeuners « vis ma vie » entre services",
     "On connaît mal le travail des autres services, ce qui crée des incompréhensions.\n\n"
     "Un déjeuner par mois où un collègue présente son métier à un autre service, avec des "
     "binômes tirés au sort."),
    ("workplace", "Des casiers pour le bureau partagé",
     "Depuis le passage au bureau partagé, on transporte ses affaires tous les jours.\n\n"
     "Des casiers individuels près de chaque espace permettraient de laisser ses dossiers "
     "et son matériel sur place."),
    ("workplace", "Un atelier gestes et postures pour l'atelier et l'entrepôt",
     "Les manutentions répétées causent des douleurs de dos chez plusieurs collègues.\n\n"
     "Un atelier animé par un ergonome, sur le poste de travail, et l'achat de quelques "
     "aides à la manutention."),
    ("workplace", "Installer des abris vélos sécurisés",
     "De plus en plus de collègues viennent à vélo, mais il n'y a aucun endroit abrité pour "
     "les garer.\n\n"
     "Un abri fermé par badge, quelques prises pour les vélos électriques et une douche "
     "accessible."),
    ("workplace", "Une boîte à livres à la cafétéria",
     "Nous sommes une maison d'édition, et pourtant il n'y a pas de livres à la cafétéria !\n\n"
     "Une étagère d'échange libre, alimentée par les services de presse et les dons de "
     "chacun."),
    ("workplace", "Pas de réunion après 17 h 30",
     "Les réunions tardives pénalisent ceux qui ont des contraintes familiales.\n\n"
     "Une règle simple : aucune réunion ne commence après 17 h 30, sauf urgence."),
    ("workplace", "Un programme de parrainage pour les nouveaux arrivants",
     "Chaque nouvel arrivant serait accompagné pendant trois mois par un parrain ou une "
     "marraine d'un autre service, pour les questions du quotidien.\n\n"
     "Une formation d'une heure pour les volontaires suffirait."),
    ("workplace", "Améliorer l'acoustique de l'open space du troisième étage",
     "Le bruit de l'open space du troisième étage rend les appels téléphoniques difficiles.\n\n"
     "Des panneaux absorbants, quelques cabines téléphoniques et des tapis réduiraient "
     "nettement le niveau sonore."),
    ("workplace", "Une journée annuelle de bénévolat",
     "Offrir à chaque salarié une journée par an pour une action bénévole, seul ou en "
     "équipe, auprès d'une association partenaire (alphabétisation, aide aux devoirs, "
     "collecte de livres)."),
    ("workplace", "Un coin détente à la cafétéria",
     "La cafétéria ne sert qu'aux repas.\n\n"
     "Quelques fauteuils, des plantes et un jeu de société ou deux en feraient un vrai lieu "
     "de pause, où l'on croise les collègues des autres services."),
    # --- Expérience client ----------------------------------------------------------------
    ("customer-experience", "Un suivi de commande en temps réel pour les lecteurs",
     "Les lecteurs qui commandent sur notre site n'ont qu'un mail de confirmation.\n\n"
     "Un lien de suivi, mis à jour à chaque étape (préparation, expédition, livraison), "
     "réduirait les appels « où est ma commande ? »."),
    ("customer-experience", "Simplifier le retour d'un livre défectueux",
     "Pour retourner un livre défectueux, il faut écrire, attendre une réponse, imprimer "
     "un bon, puis aller au bureau de poste.\n\n"
     "**Proposition** : un formulaire en ligne avec photo, une étiquette de retour prépayée "
     "envoyée immédiatement, et le remplacement expédié sans attendre le retour."),
    ("customer-experience", "Un chat en ligne sur le site aux heures de bureau",
     "Nos lecteurs et nos libraires préfèrent souvent écrire plutôt qu'appeler.\n\n"
     "Un chat tenu par les conseillers, de 9 h à 18 h, pour les questions simples : "
     "disponibilité d'un titre, suivi de commande, facture."),
    ("customer-experience", "Des recommandations de lecture dans la lettre d'information",
     "Notre lettre d'information est la même pour tous les abonnés.\n\n"
     "En tenant compte des collections qu'ils suivent, nous pourrions proposer à chacun "
     "trois recommandations personnalisées."),
    ("customer-experience", "Un espace client unique pour les libraires",
     "Les libraires utilisent un portail pour commander, un autre pour les retours, et "
     "reçoivent leurs factures par courrier.\n\n"
     "Un espace unique, avec l'historique des commandes, les retours et les factures "
     "téléchargeables."),
    ("customer-experience", "Le retrait des commandes en librairie partenaire",
     "Certains lecteurs préfèrent retirer leur commande chez leur libraire plutôt que de "
     "se faire livrer.\n\n"
     "Proposer ce choix sur notre site soutiendrait les librairies indépendantes et "
     "réduirait nos frais d'expédition."),
    ("customer-experience", "Accuser réception immédiatement de chaque message client",
     "Un client qui nous écrit ne sait pas si son message a été reçu.\n\n"
     "Une réponse automatique immédiate, avec le délai de réponse habituel et un numéro de "
     "dossier, le rassurerait."),
    ("customer-experience", "Des extraits à feuilleter avant l'achat",
     "En librairie, on feuillette un livre avant de l'acheter ; sur notre site, c'est "
     "impossible.\n\n"
     "Proposer les premières pages de chaque nouveauté en lecture en ligne."),
    ("customer-experience", "Un programme de fidélité pour les abonnés",
     "Nos abonnés les plus fidèles ne bénéficient d'aucun avantage.\n\n"
     "Des invitations aux rencontres d'auteurs, des éditions dédicacées ou un accès anticipé "
     "aux nouveautés les récompenseraient."),
    ("customer-experience", "Rendre le site accessible aux personnes malvoyantes",
     "Notre site n'est pas utilisable avec un lecteur d'écran : images sans description, "
     "contrastes insuffisants, formulaires mal étiquetés.\n\n"
     "Un audit d'accessibilité puis un plan de corrections, à commencer par le parcours de "
     "commande."),
    ("customer-experience", "Un rappel avant la fin d'un abonnement",
     "Beaucoup d'abonnés découvrent que leur abonnement s'est arrêté quand ils ne reçoivent "
     "plus leur revue.\n\n"
     "Un rappel un mois avant l'échéance, avec un lien de renouvellement en un clic."),
    ("customer-experience", "Deux questions après chaque achat",
     "Nous savons peu de choses de la satisfaction de nos lecteurs.\n\n"
     "Deux questions envoyées une semaine après la livraison (note de 1 à 5 et un "
     "commentaire libre), analysées chaque mois par le service client."),
    ("customer-experience", "Des emballages plus faciles à ouvrir et recyclables",
     "Nos colis sont fermés avec beaucoup d'adhésif plastique et contiennent des calages "
     "en polystyrène.\n\n"
     "Des cartons à bande d'ouverture et des calages en papier, entièrement recyclables, "
     "amélioreraient l'expérience et notre image."),
]

# A few words the author adds when answering a request for changes.
RESUBMISSION_NOTES = [
    "**Précision ajoutée** : le test porterait d'abord sur le siège pendant trois mois, puis "
    "sur les autres sites si les résultats sont bons.",
    "**Estimation ajoutée** : d'après les chiffres de l'an dernier, le gain serait de l'ordre "
    "de quelques milliers d'euros par an, pour un coût de mise en place très faible.",
    "**Périmètre précisé** : l'idée concerne d'abord les équipes de la division Commerce et "
    "clients, qui sont les plus exposées au problème.",
]

APPROVAL_NOTES = [
    "",
    "Idée claire et bien argumentée, merci !",
    "Publiée : elle rejoint plusieurs remarques entendues dans les équipes.",
    "",
]

CHANGES_REQUESTED_REASONS = [
    "Pouvez-vous préciser le périmètre concerné (quels services, quels sites) ?",
    "Merci d'ajouter une estimation, même approximative, du gain attendu.",
    "La description mélange deux propositions : pouvez-vous la recentrer sur la première ?",
    "Pouvez-vous reformuler le titre pour qu'il décrive la solution plutôt que le problème ?",
    "Merci de retirer les noms de collègues cités : l'idée sera visible de tous.",
]

REJECTION_REASONS = [
    "Cette demande relève d'un échange avec votre responsable et les RH plutôt que d'une "
    "idée collective.",
    "Une idée très proche est déjà publiée : nous vous invitons à la soutenir et à y "
    "ajouter vos remarques.",
    "Ce projet est déjà engagé par la direction des systèmes d'information ; il sera "
    "présenté lors de la prochaine réunion d'information.",
    "La réglementation qui s'applique à notre activité ne permet pas cette mise en œuvre.",
    "La proposition sort du périmètre du thème choisi et de la plateforme.",
]

NOT_RETAINED_REASONS = [
    "L'analyse montre un coût de mise en œuvre supérieur au gain attendu sur trois ans.",
    "L'idée entre en conflit avec la refonte du système d'information prévue l'an prochain ; "
    "elle sera réexaminée à cette occasion.",
    "Le comité a préféré une autre solution, déjà en test dans l'entreprise, qui couvre le "
    "même besoin.",
]

# Notes written at each step of the pipeline after publication.
PIPELINE_NOTES = {
    "potential": "Idée repérée pour son potentiel : elle sera présentée au comité innovation.",
    "analysis": "Le comité innovation lance une étude de faisabilité avec les équipes concernées.",
    "project": "Étude concluante : le projet est validé par le comité de direction et un budget est alloué.",
    "pilot": "Pilote lancé sur un site pendant trois mois.",
    "deployed": "Déploiement terminé dans toute l'entreprise. Merci à toutes celles et ceux qui ont contribué !",
}

# {where} is replaced by where the commenter works ("au service Finance").
COMMENTS = [
    "Très bonne idée ! Chez nous, {where}, on rencontre exactement le même problème chaque semaine.",
    "Je soutiens. A-t-on une idée du coût de mise en place ?",
    "On avait essayé quelque chose de proche il y a deux ans, mais faute de suivi ça n'a pas "
    "duré. Il faudrait désigner quelqu'un pour porter le sujet.",
    "Bonne piste. Attention à bien associer les équipes de terrain dès le départ.",
    "Cela rejoint ce que nous disent les clients depuis plusieurs mois.",
    "Je veux bien participer à un test avec mon équipe si besoin.",
    "Simple et efficace : pourquoi ne l'a-t-on pas fait plus tôt ?",
    "Est-ce compatible avec nos règles de sécurité informatique ?",
    "Il faudrait chiffrer le gain, même grossièrement : ça aiderait à convaincre.",
    "Dans mon ancienne entreprise, on fonctionnait comme ça et tout le monde y avait gagné.",
    "Tout à fait d'accord, et on pourrait étendre la démarche aux autres sites.",
    "Je m'interroge sur la charge de travail supplémentaire {where}.",
    "Belle initiative ! On pourrait en parler au prochain point d'équipe.",
    "Idée intéressante, mais il faudra bien communiquer pour que tout le monde s'en empare.",
    "Un outil existant fait déjà une partie de ça : voyons avec l'Informatique avant de "
    "repartir de zéro.",
    "C'est typiquement le genre de petite amélioration qui change le quotidien.",
    "J'ai un doute sur le calendrier : la rentrée littéraire est déjà une période très chargée.",
    "Merci pour cette proposition très claire. Je soutiens sans hésiter.",
    "Pour avoir vécu la situation la semaine dernière, je confirme que ça manque.",
    "Un pilote dans un seul service serait-il envisageable pour commencer ?",
    "Attention au RGPD si l'on conserve des données personnelles.",
    "D'autres maisons d'édition l'ont fait, on pourrait s'inspirer de leur retour d'expérience.",
]

AUTHOR_REPLIES = [
    "Merci ! Je n'ai pas encore chiffré précisément, je m'en occupe.",
    "Tout à fait, c'est le point clé. Je vais le préciser dans la description.",
    "Merci pour ton retour, je te contacte pour en parler.",
    "Bonne remarque : l'idée serait justement de commencer petit.",
    "J'ai vérifié avec l'Informatique : cela reste compatible avec nos outils actuels.",
]

REPLIES = [
    "D'accord avec toi, c'est aussi ce qu'on constate {where}.",
    "Je peux partager les chiffres de l'an dernier si ça peut aider.",
    "Même constat de notre côté.",
    "Bonne remarque, je n'y avais pas pensé.",
]

# Moderation in the demo: a duplicate that a correspondent merges, comments that break the
# charter (one hidden by a community manager, one hidden after several reports), and
# reasons given by colleagues who report them.
DUPLICATE_IDEA = (
    "cost-savings", "Passer toutes les imprimantes en noir et blanc recto verso",
    "Pourquoi imprimer en couleur et sur une seule face par défaut ? Il suffirait de changer "
    "le réglage des imprimantes partagées : on économiserait papier et toner.",
)
DUPLICATE_OF = "Imprimer en recto verso et en noir et blanc par défaut"
MERGE_NOTE = "Même proposition que l'idée d'origine : leurs soutiens sont désormais réunis."
RUDE_COMMENTS = [
    "Encore une idée de bureau qui ne sert à rien, franchement les gens de ce service n'ont rien d'autre à faire ?",
    "Ridicule. Qui a validé ça ? Il faudrait surtout changer de chef dans ce service.",
]
FLAG_REASONS = [
    "Ce commentaire est irrespectueux envers un collègue.",
    "Propos blessants, contraires à la charte.",
    "Attaque personnelle, rien à voir avec l'idée.",
]
HIDE_REASON = "Ce commentaire enfreint la charte : il s'en prend aux personnes plutôt qu'à l'idée."
WARNING_REASON = "Deux de vos commentaires ont été masqués : merci de critiquer les idées, pas les personnes."
