"""Settings come from ``INSTAGRAPH_*`` variables, each with one default, written beside its field."""

from __future__ import annotations

import dataclasses
import ipaddress
from pathlib import Path

import pytest

from instagraph.settings import Rate, Settings

READ = {
    "INSTAGRAPH_SHARD_ID": ("7", 7),
    "INSTAGRAPH_GRAPH_CHECKPOINT_BYTES": ("65536", 65536),
    "INSTAGRAPH_MAX_BODY_BYTES": ("1000", 1000),
    "INSTAGRAPH_MAX_UPLOAD_BYTES": ("2000", 2000),
    "INSTAGRAPH_MAX_IMAGE_PIXELS": ("3000", 3000),
    "AWS_ENDPOINT_URL": ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
    "INSTAGRAPH_LOGIN_FAILURE_LIMIT": ("3", 3),
    "INSTAGRAPH_LOGIN_FAILURE_WINDOW": ("60", 60),
    "INSTAGRAPH_SESSION_IDLE_DAYS": ("2", 2),
    "INSTAGRAPH_SESSION_MAX_DAYS": ("5", 5),
    "INSTAGRAPH_REDIS_TIMEOUT": ("1.5", 1.5),
    "INSTAGRAPH_FANOUT_MAX_FOLLOWERS": ("50", 50),
    "INSTAGRAPH_TIMELINE_TTL": ("70", 70),
    "INSTAGRAPH_OBJECT_CACHE_TTL": ("80", 80),
    "INSTAGRAPH_SUGGESTIONS_MAX_AGE": ("90", 90),
    "INSTAGRAPH_EXPLORE_POOL_AGE": ("2.5", 2.5),
    "INSTAGRAPH_RATE_LIMITS": ("off", False),
    "INSTAGRAPH_RATE_LIMIT_USER": ("1/2", Rate(1, 2)),
    "INSTAGRAPH_RATE_LIMIT_ADDRESS": ("3/4", Rate(3, 4)),
    "INSTAGRAPH_RATE_LIMIT_SIGNUPS": ("5/6", Rate(5, 6)),
    "INSTAGRAPH_RATE_LIMIT_UPLOADS": ("7/8", Rate(7, 8)),
    "INSTAGRAPH_RATE_LIMIT_COMMENTS": ("9/10", Rate(9, 10)),
    "INSTAGRAPH_TRUSTED_PROXIES": ("10.0.0.0/8", (ipaddress.ip_network("10.0.0.0/8"),)),
    "INSTAGRAPH_HOST": ("0.0.0.0", "0.0.0.0"),
    "INSTAGRAPH_PORT": ("9090", 9090),
    "INSTAGRAPH_WORKERS": ("3", 3),
    "INSTAGRAPH_THREADS": ("8", 8),
    "INSTAGRAPH_LOG_LEVEL": ("debug", "debug"),
    "INSTAGRAPH_ACCESS_LOG": ("-", "-"),
}
"""A value for every variable read by a field's parser, and the setting it gives."""


def _base(tmp_path: Path) -> dict[str, str]:
    return {"INSTAGRAPH_HOME": str(tmp_path), "INSTAGRAPH_SECRET_KEY": "test"}


def _read_fields() -> dict[str, str]:
    """Each field read from its own variable, by variable."""
    fields = [field for field in dataclasses.fields(Settings) if "parse" in field.metadata]
    return {field.metadata["variable"] or f"INSTAGRAPH_{field.name.upper()}": field.name for field in fields}


def test_an_environment_that_sets_nothing_gives_each_fields_default(tmp_path: Path) -> None:
    settings = Settings.from_env(_base(tmp_path))
    for name in _read_fields().values():
        assert getattr(settings, name) == next(f.default for f in dataclasses.fields(Settings) if f.name == name)


def test_every_variable_is_read_into_its_field(tmp_path: Path) -> None:
    assert set(READ) == set(_read_fields())  # a new setting needs a line in READ
    settings = Settings.from_env(_base(tmp_path) | {variable: text for variable, (text, _) in READ.items()})
    for variable, (_, expected) in READ.items():
        assert getattr(settings, _read_fields()[variable]) == expected, variable


@pytest.mark.parametrize(
    ("variable", "text"),
    [("INSTAGRAPH_PORT", "eighty"), ("INSTAGRAPH_REDIS_TIMEOUT", ""), ("INSTAGRAPH_RATE_LIMITS", "yes")],
)
def test_a_value_its_setting_cannot_take_fails_naming_the_variable(tmp_path: Path, variable: str, text: str) -> None:
    with pytest.raises(ValueError, match=variable):
        Settings.from_env(_base(tmp_path) | {variable: text})


@pytest.mark.parametrize("variable", ["INSTAGRAPH_ACCESS_LOG", "AWS_ENDPOINT_URL"])
def test_an_empty_value_means_none_where_none_is_the_default(tmp_path: Path, variable: str) -> None:
    settings = Settings.from_env(_base(tmp_path) | {variable: ""})
    assert getattr(settings, _read_fields()[variable]) is None
