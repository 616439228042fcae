"""Word lists the rules rely on: legal forms, institution heads, posts, event nouns, sectors.

Gathered from the shapes of German and English press texts (docs/extraction.md). The
sectors are the project's sector vocabulary (``data/facts/reference-codes.yaml``: the
sector labels with their NACE Rev. 2 main class), with the class titles of NACE Rev. 2
in German (WZ 2008) and English, and an English label.

Examples
--------
>>> SECTORS["maschinenbau"]["nace"]
'C28'
>>> sector_of_word("Biotech")
'biotechnologie'
>>> sector_of_word("Food")
'ernaehrung'
"""

import re

__all__ = [
    "LEGAL_FORMS",
    "INSTITUTIONS",
    "NETWORK_HEADS",
    "POSTS",
    "HEAD_POSTS",
    "EVENT_NOUNS",
    "SECTORS",
    "sector_of_word",
    "MONTHS",
    "ACADEMIC",
    "QUOTE_VERBS",
    "STOP_TOKENS",
]

LEGAL_FORMS = (
    r"GmbH & Co\. KG|gGmbH|GmbH|KGaA|AG|KG|OHG|e\. ?V\.|eG|SE|UG \(haftungsbeschränkt\)|mbH|AöR|"
    r"B\.V\.|N\.V\.|Ltd\.?|plc|LLC|Inc\.?|SARL|SAS"
)

#: head word (regex, matched at the end of a capitalised compound) → ontology class
INSTITUTIONS = {
    r"[Mm]inisterium": "PublicBody",
    r"[Rr]egierung": "PublicBody",
    r"[Vv]erwaltung": "PublicBody",
    r"Wirtschaftsförderung": "PublicBody",
    r"[Kk]ammer": "PublicBody",
    r"IHK": "PublicBody",
    r"Landtag|Bundestag|Kreistag|Stadtrat": "Parliament",
    r"Institut|Hochschule|Fachhochschule|Universität|Forschungszentrum": "ResearchInstitute",
    r"Ministry|Council|Chamber of Commerce|Agency|Province|County|Municipality": "PublicBody",
    r"Parliament": "Parliament",
    r"University|Institute": "ResearchInstitute",
}
#: institutions whose name goes on with "für …" / "of …"
EXTENDS = r"Institut|Institute|Ministerium|Ministry|Universität|University|Hochschule|Agentur|Agency|Chamber|Kammer|Province|County|Municipality"
#: institutions whose name goes on with a place ("Universität Paderborn", "Stadtwerke Lemgo")
PLACE_AFTER = r"Universität|Hochschule|Fachhochschule|Stadtwerke|Kreis|Wirtschaftsförderung"

NETWORK_HEADS = (
    r"Netzwerk|Initiative|Cluster|Kompetenzzentrum|Kompetenznetz|Verbund|Plattform|Allianz|Arbeitskreis|"
    r"Network|Alliance|Consortium|Dialog"
)

#: posts (German masculine/feminine stems, English); a compound before them is kept ("Regierungspräsidentin")
POSTS = (
    r"(?:[A-ZÄÖÜ][a-zäöüß]+)?(?:[Gg]eschäftsführer|[Vv]orsitzender?|[Vv]orstandsvorsitzender?|[Pp]räsident|"
    r"[Ll]eiter|[Ss]precher|[Dd]irektor|[Mm]inister|[Bb]ürgermeister|[Mm]anager|[Rr]ektor|[Ii]nhaber|[Gg]ründer|"
    r"[Dd]ekan|[Pp]rofessor|Staatssekretär|Landrat|Landrätin)(?:in)?|"
    r"geschäftsführende[rn]? Gesellschafter(?:in)?|"
    r"managing director|chief executive(?: officer)?|CEO|chair(?:man|woman|person)?|president|director|head|mayor|"
    r"minister|spokesperson|spokesman|spokeswoman|professor|founder|(?:project|cluster|network) manager"
)
#: posts whose holder heads the organisation (the ``headOf`` fact is marked inferred)
HEAD_POSTS = r"(?i)geschäftsführer|vorsitzend|präsident|leiter|direktor|bürgermeister|rektor|landrat|landrätin|managing director|chief executive|ceo|chair|president|director|head|mayor"

ACADEMIC = r"(?:Prof\.|Dr\.|Dr\.-Ing\.|Dipl\.-Ing\.|Dipl\.-Kffr?\.|PD|Mag\.)"

EVENT_NOUNS = (
    r"[A-ZÄÖÜ]?[a-zäöüß]*(?:[Ee]rfahrungsaustausch|[Tt]reffen|[Vv]eranstaltung|[Bb]ranchentreff|[Kk]onferenz|"
    r"[Ww]orkshop|[Tt]agung|[Kk]ongress|[Ss]ymposium)|Workshop|conference|workshop|meeting|summit|symposium|opening"
)

MONTHS = {
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

QUOTE_VERBS = (
    r"sagte|sagt|betonte|betont|erklärte|erklärt|ergänzte|ergänzt|unterstrich|unterstreicht|macht\b.*\bdeutlich|"
    r"machte\b.*\bdeutlich|so|freut sich|said|says|added|explained|stressed|noted"
)

#: capitalised words that start a sentence or name a thing generically: never the start of a name
STOP_TOKENS = set(
    [
        "Der",
        "Die",
        "Das",
        "Den",
        "Dem",
        "Des",
        "Ein",
        "Eine",
        "Einer",
        "Eines",
        "Im",
        "Am",
        "Beim",
        "Bei",
        "Mit",
        "Von",
        "Vom",
        "Zur",
        "Zum",
        "Auch",
        "Seit",
        "Nach",
        "Für",
        "Als",
        "Auf",
        "Unternehmens",
        "Unternehmen",
        "Firma",
        "Mitglied",
        "Mitglieder",
        "So",
        "Darüber",
        "Sie",
        "Er",
        "Es",
        "Wir",
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "By",
        "For",
        "With",
        "From",
        "And",
        "This",
        "That",
        "Its",
        "Their",
        "Our",
        "Members",
        "Company",
        "Firm",
        "Laut",
        "Unter",
        "Über",
        "Dabei",
        "Dazu",
        "Damit",
        "Hier",
        "Heute",
    ]
)

SECTORS = {
    "maschinenbau": {
        "label": "Maschinenbau",
        "nace": "C28",
        "en": "mechanical engineering",
        "titles": ("Maschinenbau", "Manufacture of machinery and equipment"),
    },
    "it": {
        "label": "IT",
        "nace": "J62",
        "en": "information technology",
        "titles": (
            "Erbringung von Dienstleistungen der Informationstechnologie",
            "Computer programming, consultancy and related activities",
        ),
    },
    "kunststoffe": {
        "label": "Kunststoffe",
        "nace": "C22.2",
        "en": "plastics",
        "titles": ("Herstellung von Kunststoffwaren", "Manufacture of plastics products"),
    },
    "energie": {
        "label": "Energie",
        "nace": "D35",
        "en": "energy",
        "titles": ("Energieversorgung", "Electricity, gas, steam and air conditioning supply"),
    },
    "gebaeudetechnologien": {
        "label": "Gebäudetechnologien",
        "nace": "F43.2",
        "en": "building technology",
        "titles": ("Bauinstallation", "Electrical, plumbing and other construction installation activities"),
    },
    "biotechnologie": {
        "label": "Biotechnologie",
        "nace": "M72.11",
        "en": "biotechnology",
        "titles": (
            "Forschung und Entwicklung im Bereich Biotechnologie",
            "Research and experimental development on biotechnology",
        ),
    },
    "gesundheit": {
        "label": "Gesundheit",
        "nace": "Q86",
        "en": "health",
        "titles": ("Gesundheitswesen", "Human health activities"),
    },
    "ernaehrung": {
        "label": "Ernährung",
        "nace": "C10",
        "en": "food",
        "titles": ("Herstellung von Nahrungs- und Futtermitteln", "Manufacture of food products"),
    },
}


def _words(sector: dict) -> set[str]:
    text = " ".join((sector["label"], sector["en"], *sector["titles"]))
    skip = {
        "von",
        "und",
        "der",
        "of",
        "and",
        "other",
        "related",
        "activities",
        "manufacture",
        "products",
        "herstellung",
        "erbringung",
        "dienstleistungen",
        "bereich",
        "forschung",
        "entwicklung",
        "research",
        "experimental",
        "development",
        "equipment",
        "supply",
        "gas",
        "steam",
        "air",
        "conditioning",
        "consultancy",
        "computer",
        "programming",
        "electrical",
        "plumbing",
        "construction",
        "installation",
        "human",
        "im",
        "on",
    }
    return {w for w in re.findall(r"[\wäöüß]+", text.lower()) if w not in skip}


_SECTOR_WORDS = {ident: _words(sector) for ident, sector in SECTORS.items()}


def sector_of_word(word: str) -> str | None:
    """The sector a word of a name points to: equal to, or a prefix (≥ 4 letters) of, a sector word."""
    w = word.lower()
    for ident, words in _SECTOR_WORDS.items():
        for sw in words:
            if w == sw or (len(w) >= 4 and len(sw) >= 4 and (sw.startswith(w) or w.startswith(sw))):
                return ident
    return None
