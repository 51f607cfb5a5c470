"""A small French corpus for the search tests: twenty pages as members would write them.

Each entry is a page in the import format (kind, slug, title, body, tags, fields). Some
words are repeated on purpose in bodies of other pages (maraude, jardin, éducateur...) so
that a title match must outrank body-only mentions.
"""

PAGES = [
    {
        "kind": "practice",
        "slug": "maraude-gare-orleans",
        "title": "Maraude de nuit autour de la gare d'Orléans",
        "tags": ["aller-vers", "isolement", "pauvrete"],
        "fields": {
            "territory": "Orléans",
            "sector": "Hébergement d'urgence",
            "audience": "Personnes sans domicile",
            "period": "Hiver 2023",
        },
        "body": (
            "Chaque mardi soir, notre équipe de maraude part de l'accueil de jour vers 21 h. "
            "Nous allons vers les personnes qui dorment autour de la gare, avec un thermos "
            "de café et des couvertures.\n\n"
            "Au début, M. K. refusait tout contact : il ne demandait rien. Nous avons appris "
            "à respecter cette non-demande, à revenir sans rien proposer, simplement pour "
            "dire bonjour. Au fil des nuits, la confiance s'est construite et il a accepté "
            "que nous appelions le 115 pour une place en hébergement."
        ),
    },
    {
        "kind": "innovation",
        "slug": "permanence-acces-aux-droits-marche",
        "title": "Une permanence d'accès aux droits sur le marché",
        "tags": ["acces-aux-droits", "aller-vers", "quartier"],
        "fields": {
            "sectors": "Action sociale de proximité",
            "audience": "Habitants du quartier, retraités, familles",
            "duration": "Un matin par semaine",
            "territory": "Tours",
            "partners": "CAF, CPAM, centre social",
            "objectives": "Réduire le non-recours aux prestations sociales.",
        },
        "body": (
            "Sous un barnum installé entre le maraîcher et le fromager, deux travailleuses "
            "sociales reçoivent sans rendez-vous. On y vérifie ses droits au RSA, aux APL, "
            "à la complémentaire santé solidaire.\n\n"
            "Beaucoup de personnes rencontrées ignoraient qu'elles pouvaient prétendre à une "
            "aide : le non-recours recule quand le service vient jusqu'à elles."
        ),
    },
    {
        "kind": "practice",
        "slug": "groupe-balint-educateurs",
        "title": "Ce que le groupe Balint a changé dans ma pratique d'éducatrice",
        "tags": ["groupe-balint"],
        "fields": {
            "territory": "Lyon",
            "sector": "Protection de l'enfance",
            "setting": "Groupe mensuel de huit professionnels, animé par une "
            "psychologue extérieure au service.",
        },
        "body": (
            "Pendant deux ans, j'ai présenté au groupe des situations qui me laissaient "
            "sans voix. Raconter une rencontre à des pairs, sans chercher la bonne réponse, "
            "m'a appris à entendre ce que la relation faisait naître en moi.\n\n"
            "Les autres éducateurs ne jugeaient pas : ils questionnaient. L'élaboration "
            "collective a remplacé la solitude face aux familles."
        ),
    },
    {
        "kind": "practice",
        "slug": "non-demande-jeune-errance",
        "title": "Accompagner un jeune en errance qui ne demande rien",
        "tags": ["non-demande", "accompagnement-social"],
        "fields": {
            "territory": "Marseille",
            "sector": "Prévention spécialisée",
            "audience": "Jeunes de 16 à 25 ans",
        },
        "body": (
            "Éducateur de rue, je croise Y. depuis des mois près du squat du boulevard. "
            "Il n'exprime aucune demande. Notre travail commence par la présence sociale : "
            "être là, régulièrement, sans attente.\n\n"
            "Les maraudes du Samu social passaient aussi ; nous avons convenu de ne pas "
            "multiplier les visages. L'accroche a pris six mois, le temps long est la "
            "condition de la relation."
        ),
    },
    {
        "kind": "innovation",
        "slug": "epicerie-solidaire-etudiants",
        "title": "Épicerie solidaire pour étudiants",
        "tags": ["pauvrete", "benevolat", "innovation-sociale"],
        "fields": {
            "sectors": "Aide alimentaire",
            "territory": "Poitiers",
            "audience": "Étudiants boursiers et étudiants précaires",
            "partners": "CROUS, banque alimentaire, université",
        },
        "body": (
            "Des étudiants bénévoles tiennent une épicerie où les produits coûtent 10 % de "
            "leur prix. Les étudiants précaires y font leurs courses dignement, sans "
            "colis imposé. Comme partout en France, la demande a doublé en trois ans.\n\n"
            "Une permanence de l'assistante sociale du CROUS se tient le jeudi."
        ),
    },
    {
        "kind": "practice",
        "slug": "visites-personnes-agees-isolees",
        "title": "Des visites de convivialité pour les personnes âgées isolées",
        "tags": ["isolement", "benevolat"],
        "fields": {
            "territory": "Creuse",
            "sector": "Gérontologie",
            "audience": "Personnes âgées vivant seules",
        },
        "body": (
            "Dans les hameaux, des bénévoles rendent visite chaque semaine à des personnes "
            "âgées qui ne voient plus personne. Pendant la canicule, les appels "
            "téléphoniques quotidiens ont permis de repérer deux situations à risque.\n\n"
            "Mme R. nous montre son jardin : c'est là qu'elle reprend goût aux visites."
        ),
    },
    {
        "kind": "innovation",
        "slug": "mediation-numerique-caf",
        "title": "Médiation numérique : des ateliers pour les démarches en ligne",
        "tags": ["acces-aux-droits", "innovation-sociale"],
        "fields": {
            "sectors": "Inclusion numérique",
            "territory": "Amiens",
            "partners": "CAF, France services, médiathèque municipale",
        },
        "body": (
            "La dématérialisation des démarches éloigne de leurs droits ceux qui ne "
            "maîtrisent pas l'ordinateur. Nos ateliers apprennent à créer un mot de passe, "
            "à déposer une pièce justificative, à lire un courriel de la CAF.\n\n"
            "Nous accompagnons sans faire à la place : la personne garde la main."
        ),
    },
    {
        "kind": "practice",
        "slug": "precarite-energetique-visites",
        "title": "Précarité énergétique : repérer les logements froids",
        "tags": ["pauvrete", "prevention", "aller-vers"],
        "fields": {"territory": "Roubaix", "sector": "Logement"},
        "body": (
            "Les factures impayées d'électricité sont souvent le premier signe. Lors des "
            "visites à domicile nous trouvons de l'humidité, des chauffages d'appoint, des "
            "pièces fermées pour économiser.\n\n"
            "Le fonds de solidarité logement a évité trois coupures cet hiver."
        ),
    },
    {
        "kind": "practice",
        "slug": "atelier-praxis-recit-collectif",
        "title": "Écrire un récit de pratique en atelier des praxis sociales",
        "tags": ["atelier-des-praxis"],
        "fields": {"territory": "Paris", "sector": "Formation continue"},
        "body": (
            "L'atelier se réunit une fois par mois. Chacun apporte une situation, l'écrit, "
            "puis la relit avec les autres. Nous veillons à l'anonymisation : prénoms "
            "changés, lieux transformés.\n\n"
            "La charte nous rappelle de ne pas interpréter à la place des personnes."
        ),
    },
    {
        "kind": "innovation",
        "slug": "travail-reseau-sortie-hopital",
        "title": "Coordination en réseau pour les sorties d'hospitalisation",
        "tags": ["travail-en-reseau", "accompagnement-social"],
        "fields": {
            "sectors": "Santé, action sociale",
            "territory": "Nantes",
            "partners": "Hôpital, services d'aide à domicile, CCAS",
        },
        "body": (
            "Trop de retours à domicile échouaient faute de préparation. Une fiche de "
            "liaison partagée entre l'hôpital, le CCAS et les services d'aide à domicile "
            "circule désormais avant chaque sortie.\n\n"
            "Une réunion de concertation réunit les partenaires pour les situations "
            "complexes."
        ),
    },
    {
        "kind": "practice",
        "slug": "expulsion-locative-prevention",
        "title": "Prévenir une expulsion locative avec la famille",
        "tags": ["prevention", "accompagnement-social", "acces-aux-droits"],
        "fields": {"territory": "Saint-Denis", "sector": "Logement", "audience": "Familles"},
        "body": (
            "Six mois d'impayés de loyer, une assignation devant le juge : la famille "
            "n'ouvrait plus son courrier. Nous avons repris chaque lettre avec elle, "
            "saisi la commission de prévention et négocié un plan d'apurement avec le "
            "bailleur."
        ),
    },
    {
        "kind": "practice",
        "slug": "femmes-victimes-violences-accueil",
        "title": "Accueillir des femmes victimes de violences conjugales",
        "tags": ["accompagnement-social"],
        "fields": {"territory": "Lille", "sector": "Hébergement"},
        "body": (
            "La mise à l'abri passe avant tout. Ensuite vient l'écoute, sans presser la "
            "décision de porter plainte. Les enfants sont accueillis avec leur mère dans "
            "un appartement relais."
        ),
    },
    {
        "kind": "innovation",
        "slug": "jardin-partage-quartier",
        "title": "Un jardin partagé au pied des immeubles",
        "tags": ["quartier", "innovation-sociale", "isolement"],
        "fields": {
            "sectors": "Développement social local",
            "territory": "Grenoble",
            "partners": "Bailleur social, régie de quartier",
        },
        "body": (
            "Les habitants cultivent ensemble un potager entre deux tours. Le lien social "
            "s'y tisse : les conflits de voisinage se sont apaisés, des locataires isolés "
            "sortent à nouveau de chez eux."
        ),
    },
    {
        "kind": "practice",
        "slug": "mineurs-non-accompagnes-scolarite",
        "title": "Scolariser des mineurs non accompagnés",
        "tags": ["acces-aux-droits", "accompagnement-social"],
        "fields": {
            "territory": "Paris",
            "sector": "Protection de l'enfance",
            "audience": "Mineurs isolés étrangers",
        },
        "body": (
            "Après l'évaluation de leur minorité, les jeunes attendaient des mois une "
            "place au collège. Avec un interprète et l'appui du tuteur, nous avons obtenu "
            "des inscriptions dès la rentrée."
        ),
    },
    {
        "kind": "practice",
        "slug": "sortants-de-prison-logement",
        "title": "Trouver un logement à la sortie de prison",
        "tags": ["acces-aux-droits", "travail-en-reseau"],
        "fields": {"territory": "Rennes", "sector": "Justice, insertion"},
        "body": (
            "La sortie est préparée avec le SPIP : domiciliation, rétablissement des "
            "droits sociaux, demande d'hébergement. Sans adresse, pas d'emploi ; sans "
            "emploi, pas de logement. Le réseau des partenaires casse ce cercle."
        ),
    },
    {
        "kind": "innovation",
        "slug": "parentalite-cafe-des-parents",
        "title": "Café des parents à l'école maternelle",
        "tags": ["prevention", "quartier"],
        "fields": {"sectors": "Soutien à la parentalité", "territory": "Besançon"},
        "body": (
            "Chaque vendredi matin, les parents restent après avoir déposé leurs enfants. "
            "Autour d'un café, ils échangent avec les enseignants sur l'éducation et la "
            "vie de l'école, dans plusieurs langues."
        ),
    },
    {
        "kind": "practice",
        "slug": "aller-vers-gens-du-voyage",
        "title": "Aller vers les familles du voyage sur les aires d'accueil",
        "tags": ["aller-vers", "acces-aux-droits"],
        "fields": {"territory": "Dordogne", "sector": "Action sociale"},
        "body": (
            "Un camion itinérant s'arrête sur les aires d'accueil. Nous y traitons la "
            "domiciliation, la scolarisation des enfants, les dossiers de santé, au pied "
            "des caravanes."
        ),
    },
    {
        "kind": "practice",
        "slug": "benevoles-ecrivain-public",
        "title": "Écrivain public bénévole à la médiathèque",
        "tags": ["benevolat", "acces-aux-droits"],
        "fields": {"territory": "Limoges"},
        "body": (
            "Deux après-midi par semaine, j'aide à rédiger des courriers administratifs : "
            "déclaration d'impôts, dossier de retraite, lettre au bailleur. La "
            "confidentialité est la règle."
        ),
    },
    {
        "kind": "innovation",
        "slug": "habitat-inclusif-handicap",
        "title": "Habitat inclusif pour adultes en situation de handicap",
        "tags": ["innovation-sociale", "isolement"],
        "fields": {"sectors": "Handicap, logement", "territory": "Bordeaux"},
        "body": (
            "Six colocataires vivent dans une grande maison avec un animateur. L'aide à la "
            "vie partagée finance les moments collectifs ; chacun garde son autonomie. "
            "Un petit jardin prolonge la salle commune."
        ),
    },
    {
        "kind": "practice",
        "slug": "accompagnement-budgetaire-surendettement",
        "title": "Accompagnement budgétaire d'un couple surendetté",
        "tags": ["accompagnement-social", "pauvrete"],
        "fields": {
            "territory": "Metz",
            "sector": "Économie sociale et familiale",
            "audience": "Ménages",
        },
        "body": (
            "Conseillère en économie sociale et familiale, j'ai aidé ce couple à monter "
            "son dossier de surendettement auprès de la Banque de France. Nous avons "
            "repris le budget ligne par ligne et soldé les crédits renouvelables."
        ),
    },
]
