from . import archive, cache, download, npm
