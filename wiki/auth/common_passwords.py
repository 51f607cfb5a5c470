"""The passwords French speakers choose most, most common first, for the strength estimate.

zxcvbn's own lists come from English-speaking leaks; these come from the French lists that
security vendors publish each year (azerty, doudou, soleil, jetaime...), with the words and
names that recur in them, the AZERTY keyboard walks, and the obvious words of this wiki.
Written without accents and in lower case: the estimate folds what it compares.
"""

FRENCH_COMMON_PASSWORDS: tuple[str, ...] = (
    "123456", "azerty", "123456789", "azerty123", "motdepasse", "loulou", "doudou", "soleil",
    "marseille", "chouchou", "1234567890", "azertyuiop", "jetaime", "bonjour", "nicolas",
    "camille", "julien", "chocolat", "maxime", "alexandre", "princesse", "thomas", "portugal",
    "vacances", "anthony", "caramel", "coucou", "amour", "football", "olivier", "valentin",
    "romain", "nounours", "celine", "pierre", "lucas", "antoine", "kevin", "sophie", "marine",
    "sandrine", "nathalie", "stephanie", "isabelle", "caroline", "juliette", "emilie",
    "mathilde", "maison", "bisous", "cheval", "poisson", "tigrou", "titou", "minou", "mamour",
    "louloute", "papa", "maman", "mamanjetaime", "papajetaime", "famille", "france", "paris",
    "lyon", "toulouse", "bordeaux", "nantes", "lille", "bretagne", "allezlom", "olympique",
    "liberte", "secret", "bienvenue", "salut", "merci", "travail", "jesuis", "moimeme",
    "monmotdepasse", "motdepasse1", "mdp", "mdpmdp", "mot de passe", "azerty1", "azertyui",
    "qsdfghjklm", "qsdfgh", "wxcvbn", "wxcvbnqsdf", "aqwzsx", "azeqsd", "azerqsdf",
    "poiuytreza", "mlkjhgfdsq", "nbvcxw", "chouquette", "cacahuete", "doudoune", "bichette",
    "poussin", "lapin", "chaton", "chaussette", "fromage", "baguette", "croissant",
    "pantoufle", "papillon", "licorne", "dauphin", "tortue", "etoile", "lumiere", "printemps",
    "ete", "automne", "hiver", "dimanche", "samedi", "vendredi", "janvier", "fevrier", "mars",
    "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
    "manon", "lea", "chloe", "emma", "ines", "sarah", "laura", "marie", "julie", "pauline",
    "clement", "hugo", "louis", "arthur", "jules", "gabriel", "raphael", "enzo", "mathis",
    "nathan", "quentin", "florian", "guillaume", "sebastien", "christophe", "frederic",
    "philippe", "patrick", "dominique", "jeanne", "claire", "martin", "bernard", "dubois",
    "durand", "lefebvre", "moreau", "laurent", "simon", "michel", "garcia", "david",
    "bertrand", "roux", "vincent", "fournier", "morel", "girard", "andre", "mercier",
    "travailsocial", "educateur", "educatrice", "assistante", "assistantsocial", "social",
    "association", "adherent", "benevole", "solidarite", "reseau", "pratiques", "wiki",
    "praxis", "balint", "alters", "atelier", "quartier", "accueil",
)
