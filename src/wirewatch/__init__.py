"""wirewatch: a source-attributed, dated record of what the news says happened.

The library comes first; the CLI (:mod:`wirewatch.cli`) is a thin layer over
:mod:`wirewatch.api`.
"""

__version__ = "0.1.0"
