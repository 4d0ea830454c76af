"""sendkit: generate and check SEND documents for schools in England."""

__version__ = "0.1.0"
