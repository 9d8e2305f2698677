"""Templates follow the layers the Python code follows (pyproject.toml,
[tool.importlinter]): a template loads tag libraries of its own layer or a
lower one, and includes or extends only such templates. A lower app's page
shows what a higher one adds through a hook it exposes (infospots.hooks),
never by loading that app's tags.

The frame and the shared partials (base.html, includes/, the error pages,
allauth's and admin's overrides) sit below every app: they load Django's and
third-party libraries only.
"""

import re
import tomllib
from pathlib import Path

import pytest
from django.template.backends.django import get_installed_libraries

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
# templates/<folder>/ belongs to the app (layer) named here; anything else
# in templates/ is the frame, below every app.
FOLDERS = {
    "site": "kms.site",
    "benchmarking": "benchmarking",
    "training": "training",
    "clusters": "clusters",
    "knowledge": "kms.knowledge",
    "infospots": "infospots",
}
FRAME = "frame"

LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")
NAMED = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def layers() -> list[str]:
    """The portal's layers, lowest first, as the import contract lists them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(
        c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"
    )
    return [layer.strip("()") for layer in reversed(contract["layers"])]


LAYERS = layers()


def rank(module: str) -> int | None:
    """The layer of a module (0 the lowest), None outside the portal."""
    for index, layer in enumerate(LAYERS):
        if module == layer or module.startswith(f"{layer}."):
            return index
    return None


def template_rank(name: str) -> int:
    """The layer of a template by its folder; the frame is below all (-1)."""
    folder = name.split("/", 1)[0]
    return rank(FOLDERS[folder]) if folder in FOLDERS else -1


def libraries_loaded(text: str) -> list[str]:
    names = []
    for load in LOAD.findall(text):
        words = load.split()
        # `{% load a b %}` or `{% load x y from library %}`
        names += [words[-1]] if "from" in words else words
    return names


def template_files() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.is_file())


def violations(path: Path, libraries: dict[str, str], root=TEMPLATES) -> list[str]:
    name = path.relative_to(root).as_posix()
    own = template_rank(name)
    text = path.read_text()
    found = []
    for library in libraries_loaded(text):
        above = rank(libraries[library])
        if above is not None and above > own:
            found.append(f"{name} loads {library} ({libraries[library]})")
    for other in NAMED.findall(text):
        if template_rank(other) > own:
            found.append(f"{name} includes or extends {other}")
    return found


def test_the_layers_are_read_from_the_import_contract():
    assert LAYERS[0] == "kms.core"
    assert LAYERS.index("infospots") < LAYERS.index("kms.knowledge")
    assert LAYERS.index("clusters") < LAYERS.index("benchmarking")
    assert LAYERS.index("benchmarking") < LAYERS.index("kms.site")


def test_every_template_folder_is_an_app_or_the_frame():
    folders = {p.name for p in TEMPLATES.iterdir() if p.is_dir()}
    assert folders - set(FOLDERS) == {"account", "admin", "allauth", "includes"}


@pytest.mark.parametrize(
    "path", template_files(), ids=lambda p: p.relative_to(TEMPLATES).as_posix()
)
def test_templates_load_and_include_only_their_layer_and_below(path):
    assert violations(path, get_installed_libraries()) == []


def test_the_check_sees_a_lower_template_loading_a_higher_apps_tags(tmp_path):
    page = tmp_path / "infospots" / "firm_detail.html"
    page.parent.mkdir()
    page.write_text(
        '{% load i18n clusters_tags %}{% include "benchmarking/includes/x.html" %}'
    )
    libraries = get_installed_libraries()
    found = violations(page, libraries, root=tmp_path)
    assert found == [
        "infospots/firm_detail.html loads clusters_tags "
        "(clusters.templatetags.clusters_tags)",
        "infospots/firm_detail.html includes or extends benchmarking/includes/x.html",
    ]
