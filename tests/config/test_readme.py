"""The README is tested like code: its two commands are the ones CI runs, every setting it
lists is read by config/settings.py and every setting read is listed, and its demo sign-ins are
the ones load_demo makes."""

import re

from django.conf import settings

from partnership import demo

ROOT = settings.BASE_DIR
README = (ROOT / "README.md").read_text()
SETTINGS_SOURCE = (ROOT / "config" / "settings.py").read_text()


def test_it_opens_with_the_two_commands_in_one_code_block():
    first_block = re.search(r"```\w*\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    assert README.index("```") < README.index("## ")


def test_ci_runs_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert [
        line for line in ci.splitlines() if line and not line.startswith("#") and "make" in line
    ] == ["make test"]


def test_the_make_targets_it_names_exist():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z-]+):", makefile, re.M))
    assert set(re.findall(r"`make ([a-z-]+)`", README)) <= targets
    assert {"run", "test", "lint", "lock", "frontend"} <= targets


def test_every_setting_read_from_the_environment_is_documented_and_no_other():
    read = set(re.findall(r"env_(?:str|bool|int|list|period)\(\s*\"([A-Z_]+)\"", SETTINGS_SOURCE))
    table = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = {
        name
        for row in table.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`([A-Z_]+)`", row.split("|")[1])
    }
    assert read == documented


def test_the_demo_sign_ins_match_load_demo():
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", README, re.M))
    assert listed == {username for username, *_ in demo.DEMO_USERS}
    assert f"(default `{settings.DEMO_PASSWORD}`)" in README


def test_the_layout_it_describes_exists():
    block = README.split("## Where things live", 1)[1].split("```")[1]
    for line in block.strip().splitlines():
        if line.startswith(" "):
            continue  # a description carried over from the line above
        path = line.split()[0]
        assert (ROOT / path).exists(), path
