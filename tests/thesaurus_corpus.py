"""Pages of the sector for the thesaurus' relevance set (tests/test_search_thesaurus.py).

Each page says a thing in one way only (the acronym, or its expansion, or one synonym), so
that a query in the other way finds it only through the thesaurus. Territories name the
départements in words, as writers do (« Montargis (Loiret) »).
"""


def _practice(slug, title, body, territory, sector="Action sociale", tags=()):
    return {
        "kind": "practice",
        "slug": slug,
        "title": title,
        "body": body,
        "tags": list(tags),
        "fields": {"territory": territory, "sector": sector},
    }


def _sheet(slug, title, body, territory, stage, sectors="Tous secteurs", tags=()):
    return {
        "kind": "innovation",
        "slug": slug,
        "title": title,
        "body": body,
        "tags": list(tags),
        "stage": stage,
        "fields": {"territory": territory, "sectors": sectors},
    }


PAGES = [
    _practice(
        "orienter-allocataires-montargis",
        "Orienter les allocataires du revenu de solidarité active",
        "Au service insertion, nous recevons chaque semaine des allocataires orientés "
        "par la caisse d'allocations familiales. Le conseil départemental finance "
        "l'accompagnement vers l'emploi ; le contrat d'engagement réciproque se "
        "signe au premier rendez-vous.",
        "Montargis (Loiret)",
        "Insertion",
    ),
    _practice(
        "sortir-aide-sociale-enfance-blois",
        "Avoir dix-huit ans et quitter l'aide sociale à l'enfance",
        "Lina a grandi dans une maison d'enfants à caractère social. À sa majorité, "
        "le contrat jeune majeur lui a laissé le temps de finir son CAP de cuisine. "
        "L'éducatrice référente l'a accompagnée jusqu'au foyer de jeunes travailleurs.",
        "Blois (Loir-et-Cher)",
        "Protection de l'enfance",
    ),
    _practice(
        "dossier-maison-departementale-handicap",
        "Remplir un dossier pour la maison départementale des personnes handicapées",
        "Le formulaire est long : demande de prestation de compensation du handicap, "
        "d'allocation aux adultes handicapés, de reconnaissance de la qualité de "
        "travailleur handicapé. Nous le remplissons à deux, en plusieurs fois.",
        "Chartres (Eure-et-Loir)",
        "Handicap",
    ),
    _practice(
        "domiciliation-ccas-vierzon",
        "La domiciliation, première porte du CCAS",
        "Sans adresse, pas de courrier ni de droits. Le CCAS domicilie ; le SIAO "
        "cherche une place, parfois en CHRS. La boîte aux lettres devient un lien.",
        "Vierzon (Cher)",
        "Hébergement",
    ),
    _practice(
        "consultations-pmi-bourges",
        "Des consultations de PMI dans un LAEP",
        "La puéricultrice de PMI tient une permanence au LAEP du quartier : les "
        "parents viennent jouer avec leurs enfants et posent leurs questions sans "
        "rendez-vous.",
        "Bourges (Cher)",
        "Petite enfance",
    ),
    _practice(
        "entree-ehpad-chateauroux",
        "Préparer une entrée en EHPAD sans précipiter",
        "Madame R. voulait rester chez elle. Le CLIC a coordonné une évaluation, l'APA "
        "a financé des heures d'aide à domicile, et l'entrée en EHPAD s'est faite "
        "un an plus tard, quand elle l'a choisie.",
        "Châteauroux (Indre)",
        "Gérontologie",
    ),
    _practice(
        "spip-pjj-orleans",
        "Quand le SPIP et la PJJ travaillent ensemble",
        "Un jeune suivi par la PJJ devient majeur pendant sa peine : le SPIP prend le "
        "relais. Une réunion à trois évite la rupture de l'accompagnement.",
        "Orléans (Loiret)",
        "Justice",
    ),
    _practice(
        "renoncer-a-ses-droits-villages",
        "Dans les villages, ceux qui renoncent à leurs droits",
        "Beaucoup d'habitants des hameaux ont cessé de faire valoir leurs droits : "
        "trop loin, trop compliqué, la honte aussi. Ce renoncement aux droits ne "
        "se voit pas dans les statistiques.",
        "Sud du Cher",
        "Action sociale rurale",
    ),
    _practice(
        "permanence-hors-les-murs-tours",
        "Une permanence hors les murs au pied des tours",
        "Plutôt que d'attendre au bureau, l'équipe tient une table dehors, hors les "
        "murs, deux après-midi par semaine. Les habitants s'arrêtent, parlent, "
        "reviennent.",
        "Joué-lès-Tours (Indre-et-Loire)",
        "Politique de la ville",
    ),
    _practice(
        "maillage-acteurs-locaux-gien",
        "Le maillage des acteurs d'un canton",
        "Mairie, épicerie, médecin, facteur : le maillage local repère les personnes "
        "qui ne viennent plus et passe le relais au service social.",
        "Gien (Loiret)",
        "Action sociale rurale",
    ),
    _practice(
        "solitude-grand-age-dreux",
        "La solitude des très vieilles personnes",
        "À quatre-vingt-quinze ans, Monsieur D. ne voit plus personne. La solitude "
        "est devenue son quotidien ; une bénévole passe désormais le mercredi.",
        "Dreux (Eure-et-Loir)",
        "Gérontologie",
    ),
    _practice(
        "pension-de-famille-vendome",
        "Vivre en pension de famille",
        "Douze logements, une salle commune, deux hôtes : la pension de famille "
        "accueille des personnes longtemps sans logement.",
        "Vendôme (Loir-et-Cher)",
        "Logement",
    ),
    _practice(
        "exiles-cours-issoudun",
        "Des cours de conversation avec des exilés",
        "Chaque jeudi, des exilés afghans et soudanais apprennent le français avec "
        "des retraités. On parle du marché, de la préfecture, des enfants.",
        "Issoudun (Indre)",
        "Accueil des étrangers",
    ),
    _practice(
        "aidants-familiaux-amboise",
        "Souffler quand on aide un parent",
        "Les aidants familiaux se retrouvent une fois par mois : une heure pour "
        "parler de la fatigue, une heure pour les droits au répit.",
        "Amboise (Indre-et-Loire)",
        "Gérontologie",
    ),
    _practice(
        "pouvoir-d-agir-habitants-pithiviers",
        "Le pouvoir d'agir des habitants d'une cité",
        "Les locataires ont obtenu la réparation des ascenseurs en s'organisant "
        "eux-mêmes ; le centre social a prêté une salle et s'est effacé.",
        "Pithiviers (Loiret)",
        "Développement social",
    ),
    _practice(
        "decrochage-scolaire-romorantin",
        "Raccrocher après un décrochage scolaire",
        "Sofiane n'allait plus au collège depuis six mois. Le décrochage scolaire "
        "s'est installé sans bruit ; un atelier de menuiserie l'a fait revenir.",
        "Romorantin (Loir-et-Cher)",
        "Éducation",
    ),
    _practice(
        "equipe-mobile-precarite-chinon",
        "Une équipe mobile dans le Chinonais",
        "L'équipe mobile passe dans les bourgs et les campings où vivent des familles "
        "à l'année, pour parler de santé et de droits.",
        "Chinon (Indre-et-Loire)",
        "Santé",
    ),
    _practice(
        "caisse-primaire-assurance-maladie-dreux",
        "Ouvrir ses droits à la caisse primaire d'assurance maladie",
        "Un rendez-vous à la caisse primaire d'assurance maladie, puis la demande de "
        "complémentaire santé solidaire : trois mois de démarches pour un couple.",
        "Dreux (Eure-et-Loir)",
        "Santé",
    ),
    _practice(
        "groupe-entraide-mutuelle-tours",
        "Ce que change un groupe d'entraide mutuelle",
        "Au groupe d'entraide mutuelle, ce sont les adhérents qui décident des "
        "activités ; l'animatrice n'est là que pour soutenir.",
        "Tours (Indre-et-Loire)",
        "Santé mentale",
    ),
    _practice(
        "educatrice-specialisee-mecs",
        "Le métier d'éducatrice spécialisée en internat",
        "Nuits, week-ends, rentrées : être éducatrice spécialisée en internat, c'est "
        "tenir le quotidien avec les enfants et leurs familles.",
        "Blois (Loir-et-Cher)",
        "Protection de l'enfance",
    ),
    _practice(
        "mission-assistant-service-social-hopital",
        "L'assistant de service social à l'hôpital",
        "À l'hôpital, l'assistant de service social prépare les sorties : logement, "
        "aide à domicile, droits ouverts avant le retour.",
        "Orléans (Loiret)",
        "Santé",
    ),
    # Stages, and départements written as a code alone: found by the stage's words and by
    # the département's name (the index holds « Nord (59) » beside « Roubaix (59) »).
    _sheet(
        "droits-de-village-en-village",
        "Des permanences de village en village",
        "Chaque mardi, une salle des fêtes accueille une permanence : les habitants "
        "posent leurs questions sur leurs papiers autour d'une table.",
        "Communes du Gâtinais (45)",
        "experimentation",
        "Insertion, accès aux droits",
    ),
    _sheet(
        "jardins-au-pied-des-tours",
        "Des jardins au pied des tours",
        "Les locataires cultivent des parcelles entre les immeubles ; trois autres "
        "quartiers ont repris la démarche avec le bailleur.",
        "Roubaix (59)",
        "essaimage",
        "Politique de la ville",
    ),
    _practice(
        "familles-hotel-saint-denis",
        "Rencontrer les familles logées à l'hôtel",
        "Aller vers les familles hébergées à l'hôtel, chambre après chambre : l'équipe "
        "passe le soir, quand les enfants sont rentrés de l'école.",
        "Saint-Denis (93)",
        "Logement et hébergement",
    ),
    _practice(
        "permanence-gare-routiere-gueret",
        "Une permanence à la gare routière",
        "Les jeunes des villages attendent le car une heure chaque soir ; la mission "
        "locale tient un stand sur le quai.",
        "Guéret (23)",
        "Jeunesse",
    ),
    _sheet(
        "epicerie-itinerante-bordelaise",
        "Une épicerie itinérante pour les quartiers",
        "Un camion passe deux fois par semaine ; un cabinet mesure ce qu'il change pour "
        "les familles et pour les commerces.",
        "Bordeaux (33)",
        "evaluation",
        "Alimentation, précarité",
    ),
    _sheet(
        "bus-de-l-emploi-mende",
        "Le bus de l'emploi des hauts plateaux",
        "Le bus s'est garé pour de bon faute de chauffeur ; la fiche garde ce qu'il a "
        "appris aux équipes.",
        "Mende (48)",
        "arretee",
        "Insertion",
    ),
    _sheet(
        "cuisine-partagee-marseille",
        "Une cuisine partagée dans une ancienne école",
        "Des habitants et une association imaginent un lieu où cuisiner ensemble ; le "
        "projet cherche encore ses murs.",
        "Marseille (13)",
        "emergence",
        "Famille",
    ),
]
