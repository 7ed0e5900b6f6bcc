"""The user cache of the built default catalog and pack (``backsafe._cache``).

It must never change a result: a stale, corrupt, foreign or unsafe entry is ignored, a
directory that cannot be written costs only the time of building, and what is read back
checks plans exactly as what is built.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import backsafe
from backsafe import _cache
from backsafe.catalog import _default, _load
from backsafe.catalog._catalog import Catalog
from backsafe.engine import Rule
from backsafe.packs import PackOptions, PackSet, _cached

ROOT = Path(__file__).parent.parent
PLANS = sorted((ROOT / "examples" / "plans").glob("*.json"))
POSIX = hasattr(os, "getuid")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache directory of this test's own; the in-process caches forgotten."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(_cache.CACHE_DIR_VARIABLE, str(directory))
    monkeypatch.delenv(_cache.NO_CACHE_VARIABLE, raising=False)
    _forget()
    yield directory
    _forget()


def _forget() -> None:
    _load.default_catalog.cache_clear()
    _cached._REMEMBERED.clear()
    PackSet.clear_cache()


def _entries(directory: Path) -> list[str]:
    if not directory.exists():
        return []
    return sorted(path.name.rsplit("-", 1)[0] for path in directory.iterdir())


def _state(value: Rule) -> dict[str, object]:
    """A rule's fields (rules compare by identity)."""
    return {field.name: getattr(value, field.name) for field in attrs.fields(type(value))}


def _same_catalog(one: Catalog, other: Catalog) -> None:
    assert list(one) == list(other)
    assert one.groups == other.groups
    mine, theirs = one.__getstate__(), other.__getstate__()
    for part in ("exercises", "aliases", "rules", "shadowed", "seed"):
        assert mine[part] == theirs[part], part
    names = [name for exercise in one for name in (exercise.id, exercise.name, *exercise.aliases)]
    names += ["Barbell back squat", "romanian deadlifts", "no such exercise", "hip thrust"]
    for name in names:
        assert one.resolve(name) == other.resolve(name), name


# --- storing and loading -------------------------------------------------------------------


def test_a_value_is_read_back_under_its_key(cache: Path) -> None:
    _cache.store("thing", "key one", {"a": (1, 2)})
    assert _cache.load("thing", "key one") == {"a": (1, 2)}
    assert _entries(cache) == ["thing"]
    if POSIX:
        assert cache.stat().st_mode & 0o777 == 0o700
        assert next(cache.iterdir()).stat().st_mode & 0o777 == 0o600


def test_a_stale_key_is_not_read(cache: Path) -> None:
    _cache.store("thing", "key one", [1])
    assert _cache.load("thing", "key two") is None
    assert _cache.load("thing", "key one\nmore") is None
    _cache.store("thing", "key two", [2])  # replaces the stale entry
    assert _cache.load("thing", "key two") == [2]
    assert _cache.load("thing", "key one") is None
    assert len(list(cache.iterdir())) == 1


def test_only_the_newest_installations_keep_an_entry(cache: Path) -> None:
    cache.mkdir(mode=0o700)
    others = []
    for number in range(_cache.MAX_INSTALLATIONS + 3):
        other = cache / f"thing-{number:016x}.pickle"
        other.write_bytes(b"another installation's entry")
        os.utime(other, (1_000_000 + number, 1_000_000 + number))
        others.append(other)
    (cache / "else-0000000000000000.pickle").write_bytes(b"another name's entry")
    _cache.store("thing", "key", [1])
    kept = sorted(path.name for path in cache.glob("thing-*.pickle"))
    # This installation's entry and the newest of the others, the oldest removed.
    assert len(kept) == _cache.MAX_INSTALLATIONS
    assert others[-1].name in kept
    assert others[0].name not in kept
    assert (cache / "else-0000000000000000.pickle").exists()
    assert _cache.load("thing", "key") == [1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1],
        lambda data: data[: len(data) // 2],
        lambda data: data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],
        lambda data: b"",
        lambda data: b"\x80\x05garbage",
        lambda data: data.replace(b"backsafe-cache", b"backsafe-cachf"),
    ],
    ids=["one-byte-short", "truncated", "flipped-bit", "empty", "garbage", "foreign"],
)
def test_a_corrupt_entry_is_not_read(cache: Path, damage: object) -> None:
    _cache.store("thing", "key", list(range(100)))
    (path,) = cache.iterdir()
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert _cache.load("thing", "key") is None


def test_no_cache_turns_it_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_cache.NO_CACHE_VARIABLE, "1")
    _cache.store("thing", "key", 1)
    assert not cache.exists()
    monkeypatch.setenv(_cache.NO_CACHE_VARIABLE, "0")
    _cache.store("thing", "key", 1)
    monkeypatch.setenv(_cache.NO_CACHE_VARIABLE, "yes")
    assert _cache.load("thing", "key") is None
    monkeypatch.delenv(_cache.NO_CACHE_VARIABLE)
    assert _cache.load("thing", "key") == 1


def test_a_relative_cache_directory_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(_cache.CACHE_DIR_VARIABLE, "cache")
    assert _cache.cache_dir() is None
    _cache.store("thing", "key", 1)  # no error
    assert _cache.load("thing", "key") is None
    assert not (tmp_path / "cache").exists()


def test_a_directory_that_cannot_be_made_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(_cache.CACHE_DIR_VARIABLE, str(blocker / "cache"))
    _cache.store("thing", "key", 1)  # no error
    assert _cache.load("thing", "key") is None


@pytest.mark.skipif(not POSIX or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_a_read_only_directory_is_no_cache(cache: Path) -> None:
    cache.mkdir(mode=0o500)
    try:
        _cache.store("thing", "key", 1)  # no error
        assert _cache.load("thing", "key") is None
    finally:
        cache.chmod(0o700)


def test_a_value_that_cannot_be_pickled_is_not_stored(cache: Path) -> None:
    _cache.store("thing", "key", lambda: None)
    assert _cache.load("thing", "key") is None
    assert not [path for path in cache.iterdir() if path.suffix == ".tmp"]


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_an_entry_others_may_write_is_not_read(cache: Path) -> None:
    _cache.store("thing", "key", 1)
    (path,) = cache.iterdir()
    path.chmod(0o666)
    assert _cache.load("thing", "key") is None
    path.chmod(0o600)
    assert _cache.load("thing", "key") == 1
    cache.chmod(0o777)
    try:
        assert _cache.load("thing", "key") is None
        _cache.store("other", "key", 2)
        assert _cache.load("other", "key") is None
        assert _entries(cache) == ["thing"]
    finally:
        cache.chmod(0o700)


@pytest.mark.skipif(not POSIX, reason="POSIX symlinks")
def test_a_symlinked_entry_or_directory_is_not_read(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cache.store("thing", "key", 1)
    (path,) = cache.iterdir()
    elsewhere = tmp_path / "elsewhere"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    assert _cache.load("thing", "key") is None
    path.unlink()
    elsewhere.rename(path)
    link = tmp_path / "link"
    link.symlink_to(cache)
    monkeypatch.setenv(_cache.CACHE_DIR_VARIABLE, str(link))
    assert _cache.load("thing", "key") is None


def test_the_fingerprint_follows_the_code(tmp_path: Path) -> None:
    module = tmp_path / "package" / "module.py"
    module.parent.mkdir()
    module.write_text("x = 1\n")
    before = _cache._modules(str(module.parent), str(module.parent))
    module.write_text("x = 22\n")
    assert _cache._modules(str(module.parent), str(module.parent)) != before
    assert "_cache.py=" in _cache.fingerprint()
    assert "attr=" in _cache.fingerprint() and "cattrs=" in _cache.fingerprint()


def test_contents_follow_the_data(tmp_path: Path) -> None:
    data = tmp_path / "a.toml"
    data.write_text("a = 1\n")
    before = _cache.contents([("a.toml", data)])
    data.write_text("a = 2\n")
    assert _cache.contents([("a.toml", data)]) != before
    with pytest.raises(FileNotFoundError):
        _cache.contents([("missing.toml", tmp_path / "missing.toml")])


# --- the default catalog and pack ----------------------------------------------------------


def test_the_cached_catalog_and_pack_check_as_the_built_ones(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(_cache.NO_CACHE_VARIABLE, "1")
    built = PackSet(PackOptions(autoload=False))
    assert not cache.exists()
    monkeypatch.delenv(_cache.NO_CACHE_VARIABLE)
    _forget()
    stored = PackSet(PackOptions(autoload=False))
    assert _entries(cache) == ["catalog", "default-pack"]
    _forget()
    read = PackSet(PackOptions(autoload=False))
    assert read.catalog is _load.default_catalog()
    for packs in (stored, read):
        _same_catalog(packs.catalog, built.catalog)
        assert [_state(rule) for rule in packs.rules] == [_state(rule) for rule in built.rules]
        assert packs.conditions == built.conditions
        assert packs.library.advice == built.library.advice
        assert packs.info == built.info
        assert not packs.errors
    profile = backsafe.Profile(conditions=["herniated-disc"])
    pain = [backsafe.Symptom(kind="pain", intensity=3, worsens_with_activity=True)]
    for path in PLANS:
        plan = backsafe.load_plan(path)
        for args in ((plan,), (plan, profile, pain)):
            assert read.checker().check(*args) == built.checker().check(*args), path


def test_a_second_pack_set_shares_the_default_pack(cache: Path) -> None:
    one = PackSet(PackOptions(autoload=False))
    other = PackSet(PackOptions(autoload=False, disabled=("nothing",)))
    assert one.pack("backsafe") is other.pack("backsafe")


def _copy_rules(tmp_path: Path) -> Path:
    from backsafe._data import rules_dir

    rules = tmp_path / "rules"
    rules.mkdir()
    for item in rules_dir().iterdir():
        (rules / item.name).write_bytes(item.read_bytes())
    return rules


def test_changed_catalog_data_is_read_anew(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = _copy_rules(tmp_path)
    monkeypatch.setattr(_default, "rules_dir", lambda: rules)
    assert _load.default_catalog().lookup("renamed squat") is None
    text = (rules / "exercises.toml").read_text()
    first = text.index('name = "', text.index("\n[[exercise]]")) + len('name = "')
    old_name = text[first : text.index('"', first)]
    (rules / "exercises.toml").write_text(
        text.replace(f'name = "{old_name}"', 'name = "Renamed squat"', 1)
    )
    _forget()
    catalog = _load.default_catalog()
    assert catalog.lookup("renamed squat") is not None
    assert _entries(cache) == ["catalog"]  # the stale entry was replaced


def test_changed_pack_data_is_read_anew(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = _copy_rules(tmp_path)
    monkeypatch.setattr("backsafe.packs._default.rules_dir", lambda: rules)
    before = PackSet(PackOptions(autoload=False)).pack("backsafe").rules
    text = (rules / "rules.toml").read_text()
    assert 'level = "modify"' in text
    (rules / "rules.toml").write_text(text.replace('level = "modify"', 'level = "caution"', 1))
    _forget()
    after = PackSet(PackOptions(autoload=False)).pack("backsafe").rules
    assert [rule.code for rule in after] == [rule.code for rule in before]
    changed = [
        rule.code for rule, old in zip(after, before, strict=True) if rule.level != old.level
    ]
    assert len(changed) == 1


def _pack_entry(directory: Path) -> bytes:
    (path,) = directory.glob("default-pack-*")
    return path.read_bytes()


def test_a_broken_default_pack_is_never_cached(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = _copy_rules(tmp_path)
    monkeypatch.setattr("backsafe.packs._default.rules_dir", lambda: rules)
    PackSet(PackOptions(autoload=False))
    good = _pack_entry(cache)
    (rules / "red_flags.toml").write_text("[[rule]]\ncode = 'BS001'\n")
    for _ in range(2):
        _forget()
        packs = PackSet(PackOptions(autoload=False))
        assert (packs.errors[0].kind, packs.errors[0].pack) == ("pack-failed", "backsafe")
    assert _entries(cache) == ["catalog", "default-pack"]
    assert _pack_entry(cache) == good


def test_the_command_line_reports_the_same_with_and_without_the_cache(cache: Path) -> None:
    def run(*env: tuple[str, str]) -> list[str]:
        environment = {**os.environ, **dict(env)}
        return [
            subprocess.run(
                [sys.executable, "-m", "backsafe", "check", "--format", "json", str(path)],
                capture_output=True,
                text=True,
                check=False,
                env=environment,
                timeout=120,
            ).stdout
            for path in PLANS[:2]
        ]

    cold = run((_cache.NO_CACHE_VARIABLE, "1"))
    assert not cache.exists()
    filled = run()
    assert _entries(cache) == ["catalog", "default-pack"]
    warm = run()
    assert cold == filled == warm
    assert all('"verdict"' in output for output in cold)
