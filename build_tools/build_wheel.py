"""Build the `calculators` wheel, with the rulebook inside, for the page's Pyodide.

    python -m build_tools.build_wheel [--out DIR]

Copies `pyproject.toml`, `calculators/*.py`, the shared `procedures/*.toml` and every
procedure of `procedures/partnerships/` into a fresh staging folder (the rulebook goes
to `calculators/procedures/`, which
`calculators.rulebook.default_directory()` prefers when it exists), writes the
rulebook's version to `RULEBOOK_VERSION`, and runs `python -m build --wheel
--no-isolation` there (offline: it uses the setuptools and wheel of this venv).
SOURCE_DATE_EPOCH is the rulebook's date, so the same sources give the same wheel,
byte for byte. Nothing is written into the source tree's `calculators/`.

Prints the wheel's path. A pure `py3-none-any` wheel loads in Pyodide unchanged;
`pyodide build` is not used because it downloads a cross-build environment.
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "build" / "wheels"
EXTRA_WHEELS = ROOT / "build" / "extra-wheels"
#: The one time zone the calculators use. Pyodide carries no time zone data, and the
#: whole tzdata wheel (hundreds of files) slows the page's start; only this file of the
#: pinned tzdata wheel (build_tools/wheels.txt) goes into the calculators wheel.
ZONE = "Europe/London"


def download_pinned_wheels() -> list[Path]:
    """The wheels pinned by hash in build_tools/wheels.txt, downloaded into build/extra-wheels."""
    if EXTRA_WHEELS.exists():
        shutil.rmtree(EXTRA_WHEELS)
    EXTRA_WHEELS.mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--only-binary=:all:", "--require-hashes", "-r", str(ROOT / "build_tools" / "wheels.txt"),
         "-d", str(EXTRA_WHEELS)], cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"build_wheel: pip download of build_tools/wheels.txt failed (exit {done.returncode})")
    return sorted(EXTRA_WHEELS.glob("*.whl"))


def zone_file() -> bytes:
    """The TZif data of ZONE, from the pinned tzdata wheel (downloaded if not there yet)."""
    import zipfile

    wheels = sorted(EXTRA_WHEELS.glob("tzdata-*.whl")) or [
        w for w in download_pinned_wheels() if w.name.startswith("tzdata-")]
    if not wheels:
        raise SystemExit("build_wheel: build_tools/wheels.txt pins no tzdata wheel")
    with zipfile.ZipFile(wheels[-1]) as z:
        return z.read(f"tzdata/zoneinfo/{ZONE}")


def rulebook_meta() -> tuple[str, int]:
    """The rulebook's version and its date as a Unix time (for SOURCE_DATE_EPOCH), both worked
    out from procedures/ and scenarios/ (calculators/content_version.py)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from calculators.rulebook import load_from

    rb = load_from(ROOT / "procedures")
    return rb.version, calendar.timegm(rb.date.timetuple())


def stage(staging: Path, version: str) -> None:
    shutil.copy2(ROOT / "pyproject.toml", staging / "pyproject.toml")
    (staging / "RULEBOOK_VERSION").write_text(version + "\n", encoding="utf-8")
    package = staging / "calculators"
    package.mkdir()
    sources = sorted((ROOT / "calculators").glob("*.py"))
    if not any(p.name == "__init__.py" for p in sources):
        raise SystemExit("build_wheel: calculators/__init__.py is missing")
    for py in sources:
        shutil.copy2(py, package / py.name)
    data = package / "procedures"
    data.mkdir()
    # The shared files, then every procedure's file as the loader finds them (the
    # template for a new procedure is for people, not for the page).
    from calculators.rulebook import PARTNERSHIPS, SHARED_FILES, procedure_files

    for name in SHARED_FILES:
        shutil.copy2(ROOT / "procedures" / name, data / name)
    partnerships = data / PARTNERSHIPS
    partnerships.mkdir()
    tomls = procedure_files(ROOT / "procedures")
    if not tomls:
        raise SystemExit(f"build_wheel: no procedures/{PARTNERSHIPS}/*.toml to package")
    for toml in tomls:
        shutil.copy2(toml, partnerships / toml.name)
    # The packaged rulebook has no Git history: its version, worked out here from the
    # checkout, goes beside it for the loader to read (calculators/content_version.py).
    from calculators.content_version import RULEBOOK_PARTS, VERSION_FILE, compute

    (data / VERSION_FILE).write_text(json.dumps(compute(ROOT, RULEBOOK_PARTS).as_dict()) + "\n", encoding="utf-8")
    # The training scenarios, read by calculators.training from calculators/scenarios/.
    cases = package / "scenarios"
    cases.mkdir()
    for toml in sorted((ROOT / "scenarios").glob("*.toml")):
        shutil.copy2(toml, cases / toml.name)
    zone = package / "zoneinfo" / ZONE
    zone.parent.mkdir(parents=True)
    zone.write_bytes(zone_file())
    # Compiled JSON copies (checked against each TOML's hash when read): the browser
    # reads JSON far faster than it parses TOML.
    from calculators.compiled_data import compile_folder

    compile_folder(data)
    compile_folder(partnerships)
    compile_folder(cases)
    # Fixed permissions and times: the wheel must not depend on the checkout.
    for path in staging.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def build(out: Path) -> Path:
    version, epoch = rulebook_meta()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("calculators-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="sdh-wheel-") as tmp:
        staging = Path(tmp) / "calculators-src"
        staging.mkdir()
        stage(staging, version)
        for path in staging.rglob("*"):
            os.utime(path, (epoch, epoch))
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), PYTHONHASHSEED="0")
        done = subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(staging)],
            env=env, cwd=staging, capture_output=True, text=True,
        )
        if done.returncode:
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"build_wheel: python -m build failed (exit {done.returncode})")
    wheels = sorted(out.glob("calculators-*-py3-none-any.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"build_wheel: expected one py3-none-any wheel in {out}, found {[w.name for w in wheels]}")
    return wheels[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    print(build(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
