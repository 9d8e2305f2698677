"""Turkish: day.month.year in digits, as Turkish readers write it."""

DATE_FORMAT = "d.m.Y"  # 07.12.2026
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "d.m.Y H:i"  # 07.12.2026 14:05
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
YEAR_MONTH_FORMAT = "F Y"  # Aralık 2026
MONTH_DAY_FORMAT = "j F"  # 7 Aralık
