"""finlit's version, in the bottom layer so that any module can name it."""
__version__ = "0.1.0"
