"""How each language writes dates and times (FORMAT_MODULE_PATH).

One format per language for every date a person reads, on pages, in
e-mails and in exports: `{{ day }}`, `|date:"DATE_FORMAT"`,
`date_format(day)` and the spreadsheets' date cells all follow it. What
is not defined here (numbers, input formats, the first day of the week)
comes from Django's own locale formats.
"""
