"""Name, place and vehicle vocabularies for the generator (Estonian / Nordic flavoured)."""

from __future__ import annotations

MALE_GIVEN = (
    "Andres", "Jaan", "Mart", "Toomas", "Peeter", "Rein", "Tiit", "Jüri", "Margus", "Priit",
    "Urmas", "Aivar", "Tarmo", "Indrek", "Kristjan", "Rasmus", "Markus", "Robin", "Oskar", "Henri",
    "Sander", "Karl", "Kaspar", "Martin", "Siim", "Ott", "Lauri", "Joosep", "Mihkel", "Hugo",
    "Erik", "Lars", "Mikael", "Nils", "Olav", "Tõnu", "Ülo", "Villem", "Kalev", "Meelis",
)
FEMALE_GIVEN = (
    "Mari", "Kadri", "Liis", "Tiina", "Kristiina", "Anneli", "Piret", "Triin", "Kersti", "Maarja",
    "Eha", "Ülle", "Helgi", "Merike", "Anu", "Kätlin", "Laura", "Sofia", "Eliise", "Mia",
    "Emma", "Hanna", "Lisette", "Sandra", "Grete", "Kerli", "Maria", "Elisabeth", "Marta", "Johanna",
    "Ingrid", "Astrid", "Sigrid", "Helen", "Ene", "Reet", "Malle", "Aino", "Liisi", "Õie",
)
FAMILY = (
    "Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn", "Koppel",
    "Lepik", "Kuusk", "Karu", "Lill", "Oja", "Kallas", "Luik", "Põder", "Vaher", "Raudsepp",
    "Kivi", "Lõhmus", "Teder", "Mets", "Jõgi", "Laur", "Kuusik", "Valk", "Org", "Aas",
    "Nurm", "Hunt", "Toom", "Kõiv", "Laane", "Sarapuu", "Paju", "Roos", "Kaasik", "Virtanen",
    "Lindholm", "Nyberg", "Korhonen", "Berg", "Ivanov", "Smirnov", "Kuznetsov", "Petrov", "Šmidt", "Ots",
)

# (city, first postal code, number of postal codes, weight)
CITIES = (
    ("Tallinn", 10111, 3800, 40),
    ("Tartu", 50101, 600, 12),
    ("Narva", 20101, 300, 6),
    ("Pärnu", 80010, 300, 6),
    ("Kohtla-Järve", 30101, 200, 3),
    ("Viljandi", 71001, 100, 2),
    ("Maardu", 74111, 50, 2),
    ("Rakvere", 44301, 100, 2),
    ("Kuressaare", 93801, 100, 2),
    ("Sillamäe", 40231, 50, 1),
    ("Valga", 68201, 50, 1),
    ("Võru", 65601, 50, 1),
    ("Jõhvi", 41501, 50, 1),
    ("Haapsalu", 90501, 50, 1),
    ("Keila", 76601, 50, 1),
    ("Paide", 72701, 50, 1),
)
STREETS = (
    "Pärnu mnt", "Narva mnt", "Tartu mnt", "Pikk", "Lai", "Vabaduse pst", "Riia", "Kalda tee",
    "Mustamäe tee", "Sõpruse pst", "Lõõtsa", "Kase", "Kuuse", "Männi", "Pargi", "Kooli", "Aia",
    "Jaama", "Posti", "Turu", "Vee", "Uus", "Vana", "Lille", "Tööstuse", "Mere pst", "Rüütli",
    "Lossi", "Kesk", "Raekoja", "Tamme", "Vahtra", "Kalevi", "Karja", "Sadama", "Ranna",
)

# make -> models
VEHICLE_MODELS = {
    "Toyota": ("Corolla", "RAV4", "Yaris", "Avensis", "Auris"),
    "Volkswagen": ("Golf", "Passat", "Tiguan", "Polo"),
    "Škoda": ("Octavia", "Fabia", "Superb", "Kodiaq"),
    "Volvo": ("V70", "XC60", "V60", "XC90"),
    "BMW": ("320d", "520d", "X5"),
    "Audi": ("A4", "A6", "Q5"),
    "Ford": ("Focus", "Mondeo", "Transit"),
    "Opel": ("Astra", "Insignia", "Zafira"),
    "Nissan": ("Qashqai", "Leaf", "X-Trail"),
    "Kia": ("Ceed", "Sportage", "Niro"),
    "Tesla": ("Model 3", "Model Y"),
    "Mercedes-Benz": ("C 200", "E 220", "Sprinter"),
}
VEHICLE_MAKES = tuple(VEHICLE_MODELS)
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O, Q
PLATE_LETTERS = "ABCDEFGHJKLMNOPRSTUVXYZ"
