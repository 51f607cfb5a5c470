"""A page as a PDF to take to a meeting (`/pages/<slug>.pdf`), made on the server by
WeasyPrint from the page's own view, in the sheet's layout.

WeasyPrint needs the system's Pango. Where it cannot be loaded, the PDF's address says what
to install (503) instead of failing, and the browser's print (print.css) still works.
"""
