"""Where the shipped asset files live, from any working directory.

In a wheel the top-level ``assets/`` folder is packed as ``recovery_tui/assets``;
in a source checkout it sits beside the package.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
ASSETS_DIR = next(
    (d for d in (_PACKAGE / "assets", _PACKAGE.parent / "assets") if d.is_dir()),
    _PACKAGE / "assets",
)


def asset_path(*parts: str) -> Path:
    return ASSETS_DIR.joinpath(*parts)
