"""Hugging Face audio classification (lesson 4): the pipeline, its input, training and fine-tuning.

The names in ``__all__`` are what lessons and exercises call; they load on first use
(``lazy_loader`` reads them from ``__init__.pyi``, which editors follow too).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
