"""Keyword spotting (lessons 1 and 5): features, the CNN, the speech embedding and its head, spotting, detection.

The names in ``__all__`` are what lessons and exercises call; they load on first use
(``lazy_loader`` reads them from ``__init__.pyi``, which editors follow too).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
