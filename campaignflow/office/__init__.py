"""The office's own formats, on top of the library: Excel/CSV unit lists and 台账 in, workbooks out.

Needs the ``office`` extra (``pip install "campaignflow[office]"``, which brings openpyxl). Importing
:mod:`campaignflow` never imports this package; the CLI loads it when a command needs it.
"""
