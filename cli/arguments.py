"""Argument types shared by the commands: numbers checked as argparse reads them, so a bad one is a usage error."""

from __future__ import annotations

import argparse


def positive_int(text: str) -> int:
    """A whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def non_negative_float(text: str) -> float:
    """A number of at least 0."""
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {text}")
    return value


def command_group(commands: argparse._SubParsersAction, name: str, *, help: str, description: str, title: str) -> argparse._SubParsersAction:
    """A command whose work is in subcommands (``media sweep``, ``jobs suggestions``): add the subcommands to what this returns."""
    parser = commands.add_parser(name, help=help, description=description)
    return parser.add_subparsers(title=title, metavar=title[:-1].upper(), required=True)
