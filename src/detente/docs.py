"""The CLI reference (`docs/cli.md`), generated from the commands' own `--help`.

`python -m detente.docs > docs/cli.md` (or `make docs`) rewrites the reference; a test
checks that the file equals this module's output, so the docs cannot drift from the code.

The help is formatted with plain Click (no Rich panels, no colour) at a fixed width, so the
output is the same on every machine and terminal.
"""

from __future__ import annotations

import inspect
import sys

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from detente.cli import app

WIDTH = 100
"""The line width the help is wrapped to (fixed, so the output is deterministic)."""

PROG = "detente"

INTRO = """\
# detente command line reference

Every command of `detente` with its arguments and options, as `detente COMMAND --help`
shows them. This file is generated from the code by `make docs` (that is,
`python -m detente.docs > docs/cli.md`); do not edit it by hand. Exit codes: 0 when every
input was read and stored, 1 when some input failed (everything else was stored; see
`detente failures`), 2 for a usage or set-up error. An option marked *env var* can also be
set in the environment, and any setting can come from a TOML file given with `--config`.
"""

Command = TyperCommand | TyperGroup


def root_command() -> TyperGroup:
    """The Click group behind the Typer app (built afresh on each call)."""
    root = typer.main.get_command(app)
    if not isinstance(root, TyperGroup):  # pragma: no cover - the app has several commands
        raise TypeError(f"expected the app to be a command group, got {type(root).__name__}")
    return root


def _context(command: Command, name: str, parent: typer.Context | None = None) -> typer.Context:
    settings = {**command.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    return typer.Context(command, info_name=name, parent=parent, **settings)


def commands() -> list[tuple[str, Command, typer.Context]]:
    """Every visible command as (name, command, its help context), the app itself first.

    The app's entry has the name `detente`; each sub-command's name is as typed after it.
    """
    root = root_command()
    root_ctx = _context(root, PROG)
    out: list[tuple[str, Command, typer.Context]] = [(PROG, root, root_ctx)]
    for name in root.list_commands(root_ctx):
        sub = root.get_command(root_ctx, name)
        if sub is None or sub.hidden:
            continue
        if not isinstance(sub, TyperCommand | TyperGroup):  # pragma: no cover - Typer builds these
            raise TypeError(f"command {name!r} is a {type(sub).__name__}, not a Typer command")
        ctx = _context(sub, name, root_ctx)
        out.append((name, sub, ctx))
        if isinstance(sub, TyperGroup):  # "actors merge", "actors split"
            for child_name in sub.list_commands(ctx):
                child = sub.get_command(ctx, child_name)
                if isinstance(child, TyperCommand | TyperGroup) and not child.hidden:
                    out.append((f"{name} {child_name}", child, _context(child, child_name, ctx)))
    return out


def help_text(command: Command) -> str:
    """A command's help (its docstring), without the part after a form feed."""
    return inspect.cleandoc(command.help or "").partition("\f")[0].strip()


def usage_and_options(command: Command, ctx: typer.Context) -> str:
    """The usage line, arguments, options (and sub-commands) as plain Click formats them."""
    formatter = ctx.make_formatter()
    command.format_usage(ctx, formatter)
    command.format_options(ctx, formatter)
    lines = formatter.getvalue().rstrip("\n").split("\n")
    return "\n".join(line.rstrip() for line in lines)


def render() -> str:
    """The whole Markdown reference: an introduction, then a section per command."""
    parts = [INTRO]
    for name, command, ctx in commands():
        title = PROG if name == PROG else f"{PROG} {name}"
        parts.append(
            f"## {title}\n\n{help_text(command)}\n\n```text\n{usage_and_options(command, ctx)}\n```\n"
        )
    return "\n".join(parts)


def main() -> None:
    """Print the reference to stdout (`python -m detente.docs > docs/cli.md`)."""
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
