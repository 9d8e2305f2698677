"""The README and .env.example document every variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def settings_variables():
    source = (ROOT / "kms" / "settings.py").read_text()
    return set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', source))


def test_settings_read_the_documented_core_variables():
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG"} <= settings_variables()


def test_every_setting_variable_is_in_env_example_and_readme():
    env_example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    missing = {
        name
        for name in settings_variables()
        if f"{name}=" not in env_example or f"`{name}`" not in readme
    }
    assert missing == set()


def test_readme_quick_start_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1]
    commands = re.findall(r"^make \w+", quick_start, flags=re.MULTILINE)
    assert commands[:2] == ["make run", "make test"]
