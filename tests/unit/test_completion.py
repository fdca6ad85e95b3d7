"""Shell completion: generated from the parser, loaded in real shells, fed by local files."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.cli import build_parser, main
from rapidly_tui.commands.data import PAYMENT_STATUSES
from rapidly_tui.completion import workspace_slugs
from rapidly_tui.demo import DEMO_TOKEN, create_app, default_dataset, demo_transport
from rapidly_tui.preload import START_WORKSPACE, Preloads, preload_start
from rapidly_tui.refcache import SLUGS_FILE_NAME, RefCache, remember_slug, remembered_slugs

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONFIG = """
[profiles.default]
default_workspace = "acme"

[profiles.work]
server = "sandbox"

[profiles.staging-eu]
default_workspace = "globex"
"""


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """An environment with its own config and cache directories, and ``rapidly-tui``
    (this checkout's) first on PATH, as the scripts call it."""
    config = tmp_path / "config" / "rapidly-tui"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(CONFIG)
    cache = tmp_path / "cache" / "rapidly-tui"
    cache.mkdir(parents=True)
    (cache / SLUGS_FILE_NAME).write_text("initech\nacme\n")
    return {
        "PATH": f"{BIN}{os.pathsep}{os.defpath}",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "LANG": "C.UTF-8",
    }


def script(shell: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["completion", shell]) == 0
    path = tmp_path / f"rapidly-tui.{shell}"
    path.write_text(capsys.readouterr().out)
    return path


def canonical_commands() -> list[str]:
    [sub] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return [pseudo.dest for pseudo in sub._choices_actions]


# --- bash (always there) -----------------------------------------------------------


def bash_complete(path: Path, env: dict[str, str], line: str) -> list[str]:
    """What Tab offers at the end of ``line``, by calling the completion function the
    way bash does (COMP_WORDS/COMP_CWORD)."""
    code = (
        f"source {path}\n"
        'read -ra COMP_WORDS <<< "$LINE"\n'
        '[[ "$LINE" == *" " ]] && COMP_WORDS+=("")\n'
        "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        'COMP_LINE="$LINE"; COMP_POINT=${#LINE}\n'
        '"$(complete -p rapidly-tui | sed -E "s/.* -F ([^ ]+) .*/\\1/")"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", code],
        env={**env, "LINE": line},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return [word for word in result.stdout.splitlines() if word]


def test_bash_script_registers_for_rapidly_tui(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], home: dict[str, str]
) -> None:
    path = script("bash", tmp_path, capsys)
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", f"source {path} && complete -p rapidly-tui"],
        env=home,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert result.stdout.strip().endswith(" rapidly-tui")
    assert " -F " in result.stdout
    assert result.stderr == ""


def test_bash_completes_every_subcommand_and_not_the_aliases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], home: dict[str, str]
) -> None:
    path = script("bash", tmp_path, capsys)
    assert bash_complete(path, home, "rapidly-tui pay") == ["payments"]
    assert bash_complete(path, home, "rapidly-tui cust") == ["customers"]
    everything = bash_complete(path, home, "rapidly-tui ")
    assert everything == canonical_commands()
    assert {"auth", "info", "completion", "webhooks"} <= set(everything)
    assert bash_complete(path, home, "rapidly-tui customers ") == [
        "list",
        "get",
        "members",
        "state",
    ]
    # An alias typed in full is still understood: its flags complete.
    assert bash_complete(path, home, "rapidly-tui customer get --js") == ["--json"]
    assert "--with-token" in bash_complete(path, home, "rapidly-tui auth login --")


def test_bash_completes_fixed_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], home: dict[str, str]
) -> None:
    path = script("bash", tmp_path, capsys)
    line = "rapidly-tui payments list --status "
    assert bash_complete(path, home, line) == list(PAYMENT_STATUSES)
    assert bash_complete(path, home, "rapidly-tui --server ") == ["production", "sandbox"]
    assert bash_complete(path, home, "rapidly-tui info --server s") == ["sandbox"]
    assert bash_complete(path, home, "rapidly-tui completion ") == ["bash", "zsh", "fish"]
    assert "-created_at" in bash_complete(path, home, "rapidly-tui customers list --sort -c")


def test_bash_completes_profiles_and_workspaces_from_local_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], home: dict[str, str]
) -> None:
    path = script("bash", tmp_path, capsys)
    assert bash_complete(path, home, "rapidly-tui --profile ") == ["default", "staging-eu", "work"]
    assert bash_complete(path, home, "rapidly-tui auth status --profile w") == ["work"]
    # The profiles' default workspaces, then the slugs remembered, newest first.
    workspaces = ["acme", "globex", "initech"]
    assert bash_complete(path, home, "rapidly-tui --workspace ") == workspaces
    assert bash_complete(path, home, "rapidly-tui payments list --workspace i") == ["initech"]
    assert bash_complete(path, home, "rapidly-tui workspaces get ") == workspaces


def test_nothing_is_offered_when_there_is_no_config_or_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], home: dict[str, str]
) -> None:
    path = script("bash", tmp_path, capsys)
    empty = {**home, "XDG_CONFIG_HOME": str(tmp_path / "none"), "XDG_CACHE_HOME": "/nonexistent"}
    assert bash_complete(path, empty, "rapidly-tui --profile ") == []
    assert bash_complete(path, empty, "rapidly-tui --workspace ") == []
    broken = tmp_path / "broken" / "rapidly-tui"
    broken.mkdir(parents=True)
    (broken / "config.toml").write_text("[profiles.default\n")
    broken_env = {**home, "XDG_CONFIG_HOME": str(tmp_path / "broken")}
    assert bash_complete(path, broken_env, "rapidly-tui --profile ") == []
    assert bash_complete(path, broken_env, "rapidly-tui --workspace ") == ["initech", "acme"]


# --- the helper reads local files only ---------------------------------------------


def test_the_helper_reads_local_files_only(home: dict[str, str]) -> None:
    """No network (sockets fail), no client, no keyring, no Textual, no shtab."""
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k):\n"
        "    raise AssertionError('network used')\n"
        "socket.socket = refuse\n"
        "socket.create_connection = refuse\n"
        "from rapidly_tui.cli import main\n"
        "for kind in ('profiles', 'workspaces'):\n"
        "    main(['__complete', kind])\n"
        "print('modules', *sorted({n.split('.')[0] for n in sys.modules}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=home,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    *words, modules = result.stdout.splitlines()
    assert words == ["default", "staging-eu", "work", "acme", "globex", "initech"]
    loaded = set(modules.split()[1:])
    assert not {"httpx", "keyring", "textual", "shtab", "pydantic"} & loaded
    assert result.stderr == ""


def test_hostile_slugs_are_never_kept_or_offered(tmp_path: Path) -> None:
    """bash's compgen -W expands its words: a slug like $(…) must never reach it."""
    cache = tmp_path / "cache"
    remember_slug(cache, "$(touch pwned)")
    remember_slug(cache, "acme")
    remember_slug(cache, "a b")
    assert remembered_slugs(cache) == ["acme"]
    (cache / SLUGS_FILE_NAME).write_text("`id`\n$(touch pwned)\nglobex\n")
    assert remembered_slugs(cache) == ["globex"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path))
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
        (tmp_path / "rapidly-tui").mkdir()
        (tmp_path / "rapidly-tui" / SLUGS_FILE_NAME).write_text("$(id)\nglobex\n")
        assert workspace_slugs() == ["globex"]


def test_remembered_slugs_are_newest_first_and_bounded(tmp_path: Path) -> None:
    for index in range(60):
        remember_slug(tmp_path, f"ws-{index}")
    remember_slug(tmp_path, "ws-3")
    slugs = remembered_slugs(tmp_path)
    assert slugs[:2] == ["ws-3", "ws-59"]
    assert len(slugs) == 50
    assert (tmp_path / SLUGS_FILE_NAME).stat().st_mode & 0o777 == 0o600


async def test_a_workspace_opened_with_workspace_is_remembered_by_its_slug(
    tmp_path: Path,
) -> None:
    """Even when it was named by its id: completion offers the slug."""
    acme = default_dataset().workspace_by_slug["acme"]["id"]
    refs = RefCache(tmp_path / "references.json", "http://demo.test")
    transport = demo_transport(create_app(default_dataset()))
    async with RapidlyClient("http://demo.test", DEMO_TOKEN, transport=transport) as client:
        preloads = Preloads()
        preload_start(
            preloads,
            client,
            workspace_ref=acme,
            customer_ref=None,
            default_workspace=None,
            today=date(2026, 11, 28),
            refs=refs,
        )
        lookup = preloads.take(START_WORKSPACE)
        assert lookup is not None
        assert (await lookup).slug == "acme"
        preloads.cancel()
    assert remembered_slugs(tmp_path) == ["acme"]
    assert "acme" not in (tmp_path / "references.json").read_text()  # still hashes there


# --- zsh and fish, where the machine has them --------------------------------------


def needs(shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here (apt-get install {shell})")


def test_zsh_script_loads_and_offers_the_subcommands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], home: dict[str, str]
) -> None:
    needs("zsh")
    path = script("zsh", tmp_path, capsys)
    functions = tmp_path / "zfunc"
    functions.mkdir()
    path.rename(functions / "_rapidly-tui")
    path = functions / "_rapidly-tui"
    code = (
        # As the README says: the file on fpath, found by compinit.
        f"fpath=({functions} $fpath)\n"
        f"autoload -Uz compinit && compinit -u -d {tmp_path}/zcompdump\n"
        "print -r -- completer=$_comps[rapidly-tui]\n"
        # Or evaluated (`eval "$(rapidly-tui completion zsh)"`): registers the same way.
        "unset '_comps[rapidly-tui]'\n"
        f'eval "$(<{path})"\n'
        "print -r -- evaluated=$_comps[rapidly-tui]\n"
        # What the first word's menu lists (zsh's own _describe filters it by prefix).
        "_describe() { print -rl -- ${(P)2} }\n"
        "_shtab_rapidly_tui_commands\n"
    )
    result = subprocess.run(
        ["zsh", "-f", "-c", code], env=home, capture_output=True, text=True, timeout=30, check=True
    )
    lines = result.stdout.splitlines()
    assert lines[:2] == ["completer=_rapidly-tui", "evaluated=_shtab_rapidly_tui"]
    assert result.stderr == ""
    offered = [line.split(":", 1)[0] for line in lines[2:]]
    assert sorted(offered) == sorted(canonical_commands())
    assert [word for word in offered if word.startswith("pay")] == ["payments"]
    text = path.read_text()
    assert "__complete profiles" in text
    assert "__complete workspaces" in text
    assert ":URL:(production sandbox)" in text


def fish_complete(path: Path, env: dict[str, str], line: str) -> list[str]:
    result = subprocess.run(
        ["fish", "--no-config", "-c", f"source {path}; complete -C {line!r}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return [row.split("\t")[0] for row in result.stdout.splitlines() if row]


def test_fish_script_loads_and_completes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], home: dict[str, str]
) -> None:
    needs("fish")
    path = script("fish", tmp_path, capsys)
    assert fish_complete(path, home, "rapidly-tui pay") == ["payments"]
    assert sorted(fish_complete(path, home, "rapidly-tui ")) == sorted(canonical_commands())
    assert fish_complete(path, home, "rapidly-tui customer get --js") == ["--json"]
    assert fish_complete(path, home, "rapidly-tui --server ") == ["production", "sandbox"]
    assert fish_complete(path, home, "rapidly-tui --profile ") == ["default", "staging-eu", "work"]
    assert fish_complete(path, home, "rapidly-tui events list --workspace ") == [
        "acme",
        "globex",
        "initech",
    ]


# --- what --help and the commands import -------------------------------------------


def test_shtab_is_imported_by_the_completion_command_only() -> None:
    code = (
        "import sys\n"
        "from rapidly_tui.cli import main\n"
        "for argv in (['--help'], ['customers', 'list', '--help'], ['completion', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(*(name in sys.modules for name in ('shtab', 'textual', 'httpx', 'hashlib',"
        " 'rapidly_tui.refcache')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    # shtab, and the cache module the completion helper reads, only when completing.
    assert result.stdout.splitlines()[-1] == "False False False False False"
