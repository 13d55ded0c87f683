"""The office's own formats, on top of the library: Excel/CSV unit lists and 台账 in, workbooks out, and
plan documents as Word saves them (.docx) for the draft.

Needs the ``office`` extra (``pip install "campaignflow[office]"``, which brings openpyxl and
python-docx). Importing
:mod:`campaignflow` never imports this package; the CLI loads it when a command needs it.
"""
