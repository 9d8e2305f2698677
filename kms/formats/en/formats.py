"""English: the day, the month's short name, the year (7 Dec 2026).

Digits alone are ambiguous in English: 07/12/2026 is 7 December to a
British reader and July 12 to an American one. With the month as a word no
reader can misread it, and the day comes first as on the Turkish pages.
The 24-hour clock matches the Turkish pages too.
"""

DATE_FORMAT = "j M Y"  # 7 Dec 2026
SHORT_DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "j M Y, H:i"  # 7 Dec 2026, 14:05
SHORT_DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 7 December
