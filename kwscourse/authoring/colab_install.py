"""The code of a notebook's install cell: what Colab adds to its own packages, and why.

Colab preinstalls hundreds of packages; the install cell adds the course and what it lacks
without changing one of them (``make colab-check`` proves it).

>>> "--no-deps" in install_text("en", "kwscourse", ("mediapipe==1",), ())
True
"""

from __future__ import annotations

REPOSITORY = "https://github.com/kwscourse/kwscourse"  # the Colab badge and install cell
BRANCH = "main"
INSTALL_COMMENT = {
    "en": "# In Colab, install the course package first (locally, `make lab` already did).\n"
          "# It adds what Colab lacks and keeps every version Colab has, so no restart is needed.",
    "es": "# En Colab, instala primero el paquete del curso (en local, `make lab` ya lo hizo).\n"
          "# Añade lo que le falta a Colab y no cambia ninguna versión suya: no hace falta reiniciar.",
}
MEDIAPIPE_IN_COLAB = "mediapipe==1.2.2"  # its only pin Colab breaks is absl-py~=2.3, which it uses in tests only
NO_DEPS_COMMENTS = {  # in the Colab branch of the install cell, above a --no-deps line, by the project it installs
    "otter-grader": {"en": "# otter-grader without its own pins, which would replace Colab's ipywidgets and wrapt",
                     "es": "# otter-grader sin sus restricciones de versión, que cambiarían ipywidgets y wrapt de Colab"},
    "mediapipe": {"en": "# MediaPipe Tasks (what phone apps run) without its pin of absl-py, which would replace Colab's",
                  "es": "# MediaPipe Tasks (lo que usan las apps de teléfono) sin su versión de absl-py, que cambiaría la de Colab"},
}
APT_COMMENT = {  # in the Colab branch of the install cell, above its apt-get line
    "en": "# Flite and Festival: more synthetic voices beside eSpeak NG (system packages: no Python one changes)",
    "es": "# Flite y Festival: más voces sintéticas además de eSpeak NG (paquetes del sistema: no cambia ninguno de Python)",
}


def _project(requirement: str) -> str:
    """The project a pinned requirement names: ``"otter-grader"`` for ``"otter-grader==7.0.0"``."""
    return requirement.split("==")[0].split("[")[0]


def install_text(this: str, package: str, no_deps: tuple[str, ...], apt: tuple[str, ...]) -> str:
    """The install cell's code in language ``this``: the package, then --no-deps pins, then apt packages.

    Examples
    --------
    >>> install_text("es", "kwscourse", (), ("flite",)).splitlines()[-1]
    '    !(apt-get -qq update && apt-get -qq install -y flite) > /dev/null 2>&1'
    """
    pins = " ".join(f'"{r}"' for r in no_deps)
    return "\n".join([INSTALL_COMMENT[this], "import sys", "", 'if "google.colab" in sys.modules:',
                      f'    %pip install --quiet "{package} @ git+{REPOSITORY}@{BRANCH}"',
                      *([f"    {NO_DEPS_COMMENTS[_project(no_deps[0])][this]}",
                         f"    %pip install --quiet --no-deps {pins}"] if no_deps else []),
                      *([f"    {APT_COMMENT[this]}",
                         f"    !(apt-get -qq update && apt-get -qq install -y {' '.join(apt)}) > /dev/null 2>&1"]
                        if apt else [])])
