"""The default demo data set is read back from the cache directory only when the
stored file is a true copy (rapidly_tui/demo/stored.py); a --demo start must never show
other data than the generator makes."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from rapidly_tui.demo import data, stored
from rapidly_tui.demo.data import DEFAULT_ACME_CUSTOMERS, DEFAULT_SEED, build_dataset

_generate = data._records  # not the counted one below


def generated() -> tuple[list[data.JSON], list[data.JSON], list[str]]:
    return _generate(DEFAULT_SEED, DEFAULT_ACME_CUSTOMERS)


def records_of(dataset: data.DemoData) -> tuple[list[data.JSON], list[data.JSON], list[str]]:
    return dataset.workspaces, dataset.customers, dataset.team_ids


def count_generations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = data._records

    def counted(
        seed: int, acme_customers: int
    ) -> tuple[list[data.JSON], list[data.JSON], list[str]]:
        calls.append(acme_customers)
        return real(seed, acme_customers)

    monkeypatch.setattr(data, "_records", counted)
    return calls


def test_the_second_start_reads_what_the_first_generated(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_generations(monkeypatch)
    first = build_dataset()
    assert stored.cache_file().is_file()
    second = build_dataset()
    assert calls == [DEFAULT_ACME_CUSTOMERS]  # generated once, then read
    assert records_of(second) == records_of(first) == generated()
    assert second.customers is not first.customers  # its own lists: the moving demo grows them


def test_other_parameters_are_generated_and_not_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_generations(monkeypatch)
    build_dataset(acme_customers=20)
    build_dataset(acme_customers=20)
    assert calls == [20, 20]
    assert not stored.cache_file().exists()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[: len(blob) // 2], id="cut short"),
        pytest.param(lambda blob: blob[:-40] + b"X" * 40, id="payload changed"),
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: b"\x00" * 300, id="not ours"),
    ],
)
def test_a_damaged_copy_is_never_used(monkeypatch: pytest.MonkeyPatch, damage: object) -> None:
    build_dataset()
    path = stored.cache_file()
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    calls = count_generations(monkeypatch)
    assert records_of(build_dataset()) == generated()
    assert calls == [DEFAULT_ACME_CUSTOMERS]
    calls.clear()
    build_dataset()  # the damaged file was replaced by a good one
    assert calls == []


def test_a_copy_made_with_another_key_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # What another version of the generator (or another Python) would have stored: a
    # well-formed file of other records under another key.
    other: stored.Records = ([{"name": "Not the demo"}], [], [])
    payload = marshal.dumps(other)
    path = stored.cache_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(
        stored._MAGIC
        + stored.key("another", "generator")
        + b"\n"
        + stored._digest(payload)
        + b"\n"
        + payload
    )
    assert records_of(build_dataset()) == generated()


def test_the_key_covers_the_generator_code(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    before = stored.key(DEFAULT_SEED, DEFAULT_ACME_CUSTOMERS)
    for name in stored.GENERATOR_SOURCES:
        (tmp_path / name).write_bytes((Path(stored.__file__).parent / name).read_bytes())
    (tmp_path / "customers.py").write_text("# changed\n", encoding="utf-8")
    monkeypatch.setattr(stored, "__file__", str(tmp_path / "stored.py"))
    assert stored.key(DEFAULT_SEED, DEFAULT_ACME_CUSTOMERS) != before


def test_an_unwritable_cache_directory_still_gives_the_data_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert records_of(build_dataset()) == generated()
    assert records_of(build_dataset()) == generated()
