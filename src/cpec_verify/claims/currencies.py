"""Currency vocabulary for :mod:`cpec_verify.claims.quantities`: how money is written in news.

Every amount is reported with an ISO 4217 code, however the page wrote it: a symbol or local
abbreviation before the figure ("$US 6.2bn", "KSh 2,000", "RM31bil", "Tk12,345 crore",
"Rp 78 trillion"), a code before or after it ("USD 5m", "4.2bn EUR"), or a currency word after
it ("610 million U.S. dollars", "2-billion-U.S.-dollar", "78 trillion rupiah").  This is general
currency vocabulary, not a list of places: a row per way of writing a currency.

Ambiguous notations are documented guesses, one per notation: "Rs" and bare "rupees" are read as
the Pakistani rupee, "¥" as the yuan, "Sh"/"shillings" as the Kenyan shilling ("Shs"/"USh" as
the Ugandan one), bare "$" as the US dollar.  The one-letter prefixes "N" (naira) and "R" (rand)
only count before an amount with a scale or thousands separators ("N612bn", "R5,000"), since
"N95" or "R2" are far more often names.
"""

from __future__ import annotations

import re

# ISO 4217 codes written in running text before or after an amount ("USD 5m", "4.2bn EUR").
# Left out: codes that are also common capitalised words ("ALL", "TOP", "TRY", "SOS", "AMD").
ISO_CODES = frozenset(
    [
        "AED",
        "AFN",
        "AOA",
        "ARS",
        "AUD",
        "AZN",
        "BAM",
        "BDT",
        "BGN",
        "BHD",
        "BND",
        "BOB",
        "BRL",
        "BWP",
        "BYN",
        "CAD",
        "CDF",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CRC",
        "CZK",
        "DKK",
        "DOP",
        "DZD",
        "EGP",
        "ETB",
        "EUR",
        "FJD",
        "GBP",
        "GEL",
        "GHS",
        "GNF",
        "GTQ",
        "HKD",
        "HNL",
        "HRK",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "IQD",
        "IRR",
        "ISK",
        "JMD",
        "JOD",
        "JPY",
        "KES",
        "KGS",
        "KHR",
        "KRW",
        "KWD",
        "KZT",
        "LAK",
        "LBP",
        "LKR",
        "LYD",
        "MAD",
        "MDL",
        "MGA",
        "MKD",
        "MMK",
        "MNT",
        "MUR",
        "MVR",
        "MWK",
        "MXN",
        "MYR",
        "MZN",
        "NAD",
        "NGN",
        "NIO",
        "NOK",
        "NPR",
        "NZD",
        "OMR",
        "PAB",
        "PEN",
        "PGK",
        "PHP",
        "PKR",
        "PLN",
        "PYG",
        "QAR",
        "RON",
        "RSD",
        "RUB",
        "RWF",
        "SAR",
        "SDG",
        "SEK",
        "SGD",
        "SLL",
        "SSP",
        "SYP",
        "THB",
        "TJS",
        "TMT",
        "TND",
        "TTD",
        "TWD",
        "TZS",
        "UAH",
        "UGX",
        "USD",
        "UYU",
        "UZS",
        "VES",
        "VND",
        "XAF",
        "XOF",
        "YER",
        "ZAR",
        "ZMW",
        "ZWL",
    ]
)
# Codes that are not ISO but are written like one.
CODE_ALIASES = {"RMB": "CNY"}
_CODES = "|".join(sorted([*ISO_CODES, *CODE_ALIASES], key=len, reverse=True))

# Written before the figure: (pattern, ISO code, needs a scale or thousands separator).
# Longest forms first, so "US$" wins over "$" and "KSh" over "Sh".
CURRENCY_PREFIXES: list[tuple[str, str, bool]] = [
    (r"US[ \t]?\$|\$[ \t]?US|USD[ \t]?\$|U\.S\.[ \t]?\$", "USD", False),
    (r"HK\$", "HKD", False),
    (r"A\$|AU\$", "AUD", False),
    (r"C\$|CA\$", "CAD", False),
    (r"S\$", "SGD", False),
    (r"NZ\$", "NZD", False),
    (r"NT\$", "TWD", False),
    (r"R\$", "BRL", False),
    (r"\$", "USD", False),
    (rf"(?:{_CODES})(?![A-Za-z])", "", False),  # the code itself names the currency
    (r"(?:Rs|RS|rs)\.?|₨", "PKR", False),
    (r"₹", "INR", False),
    (r"[Rr]upees(?=[ \t])", "PKR", False),
    (r"¥|￥", "CNY", False),
    (r"€", "EUR", False),
    (r"£", "GBP", False),
    (r"₦", "NGN", False),
    (r"₱", "PHP", False),
    (r"₩", "KRW", False),
    (r"₫", "VND", False),
    (r"฿", "THB", False),
    (r"₺", "TRY", False),
    (r"₽", "RUB", False),
    (r"₴", "UAH", False),
    (r"₪", "ILS", False),
    (r"৳", "BDT", False),
    (r"GH[₵¢]", "GHS", False),
    (r"K[Ss]hs?\.?", "KES", False),
    (r"USh[s]?\.?|Shs\.?|shs\.?", "UGX", False),
    (r"TSh[s]?\.?", "TZS", False),
    (r"Sh\.?|sh\.?", "KES", False),
    (r"RM", "MYR", False),
    (r"Tk\.?", "BDT", False),
    (r"Rp\.?", "IDR", False),
    (r"N", "NGN", True),
    (r"R", "ZAR", True),
]

# Currency words after the figure ("10 billion yuan", "610 million U.S. dollars").
US_WORD = r"(?:U\.?[ \t]?S\.?|American)[ \t-]*"
CURRENCY_WORDS: list[tuple[str, str]] = [
    (rf"(?i:{US_WORD}dollars?)|US[ \t]?\$", "USD"),
    (r"(?i:Hong[ \t]+Kong[ \t]+dollars?)", "HKD"),
    (r"(?i:Singapore(?:an)?[ \t]+dollars?)", "SGD"),
    (r"(?i:Australian[ \t]+dollars?)", "AUD"),
    (r"(?i:Canadian[ \t]+dollars?)", "CAD"),
    (r"(?i:New[ \t]+Zealand[ \t]+dollars?)", "NZD"),
    (r"(?i:(?:New[ \t]+)?Taiwan(?:ese)?[ \t]+dollars?)", "TWD"),
    (r"(?i:dollars?)", "USD"),
    (r"(?i:Indian[ \t]+rupees?)", "INR"),
    (r"(?i:Sri[ \t]+Lankan[ \t]+rupees?)", "LKR"),
    (r"(?i:Nepal(?:ese|i)[ \t]+rupees?)", "NPR"),
    (r"(?i:(?:Pakistani[ \t]+)?rupees?)", "PKR"),
    (r"(?i:(?:Indonesian[ \t]+)?rupiahs?)", "IDR"),
    (r"(?i:(?:Chinese[ \t]+)?yuan|renminbi)", "CNY"),
    (r"(?i:(?:Japanese[ \t]+)?yen)", "JPY"),
    (r"(?i:euros?)", "EUR"),
    (r"(?i:(?:British[ \t]+)?pounds?[ \t]+sterling|sterling)", "GBP"),
    (r"(?i:Ugandan?[ \t]+shillings?)", "UGX"),
    (r"(?i:Tanzanian?[ \t]+shillings?)", "TZS"),
    (r"(?i:(?:Kenyan?[ \t]+)?shillings?)", "KES"),
    (r"(?i:(?:Malaysian[ \t]+)?ringgits?)", "MYR"),
    (r"(?i:(?:Bangladeshi[ \t]+)?takas?)", "BDT"),
    (r"(?i:nairas?)", "NGN"),
    (r"(?i:(?:Thai[ \t]+)?baht)", "THB"),
    (r"(?i:(?:Vietnamese[ \t]+)?dong)", "VND"),
    (r"(?i:Philippine[ \t]+pesos?)", "PHP"),
    (r"(?i:Mexican[ \t]+pesos?)", "MXN"),
    (r"(?i:rand)", "ZAR"),
    (r"(?i:rubles?|roubles?)", "RUB"),
    (r"(?i:kip)", "LAK"),
    (r"(?i:riels?)", "KHR"),
    (r"(?i:kyats?)", "MMK"),
    (r"(?i:birr)", "ETB"),
    (r"(?i:cedis?)", "GHS"),
    (r"(?i:kwacha)", "ZMW"),
    (r"(?i:(?:Turkish[ \t]+)?lira)", "TRY"),
    (r"(?i:hryvnias?)", "UAH"),
    (r"(?i:tenge)", "KZT"),
    (r"(?i:forints?)", "HUF"),
    (r"(?i:zlotys?)", "PLN"),
    (r"(?i:Serbian[ \t]+dinars?)", "RSD"),
    (r"(?i:Swiss[ \t]+francs?)", "CHF"),
    (r"(?i:Saudi[ \t]+riyals?)", "SAR"),
    (r"(?i:(?:UAE|Emirati)[ \t]+dirhams?)", "AED"),
    (r"(?i:Egyptian[ \t]+pounds?)", "EGP"),
    (rf"(?:{_CODES})", ""),  # "4.2bn EUR", "7.25-billion-EUR": the code names the currency
]

# Reviewer-facing symbol for the common codes; other codes print as "KES 6.2bn".
CURRENCY_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "PKR": "Rs ",
    "CNY": "RMB ",
    "EUR": "€",
    "GBP": "£",
    "INR": "INR ",
    "HKD": "HK$",
    "AUD": "A$",
    "CAD": "C$",
    "SGD": "S$",
}


def code_of(written: str) -> str:
    """ISO code for a currency code as written ("RMB" -> "CNY", "EUR" -> "EUR")."""
    return CODE_ALIASES.get(written, written)


CODE_RE = re.compile(_CODES)
