"""English as written in Europe: day before month everywhere, 24-hour times.

Django's "en" formats are American ("11/24/2026 1:47 p.m."); the long dates the history pages
build are British ("12 September 1934"), so the short ones follow them.
"""

DATE_FORMAT = "j F Y"  # 24 November 2026
TIME_FORMAT = "H:i"  # 13:47
DATETIME_FORMAT = "j F Y, H:i"  # 24 November 2026, 13:47
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j F"  # 24 November
SHORT_DATE_FORMAT = "d/m/Y"  # 24/11/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 24/11/2026 13:47
FIRST_DAY_OF_WEEK = 1  # Monday
# ISO first: the admin's calendar writes the first format, and ISO reads the same everywhere.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
