"""BuildKit's Dockerfile checks (``frontend/dockerfile/linter``), as the frontend of Docker 28 runs them.

The checks run while the frontend turns the Dockerfile into a build graph, in
its order: empty continuation lines, then each instruction as it is parsed
(``MaintainerDeprecated``, ``StageNameCasing``, ``FromAsCasing``), then the
stage names and the instructions' casing, the base names with their default
ARGs, each ``FROM``'s arguments, and last the instructions of the stages the
target needs, one by one (the rules about ``ENV``, ``CMD``, ``WORKDIR`` and
undefined variables). Experimental rules (``CopyIgnoredFile``,
``InvalidDefinitionDescription``) run only when the ``check`` directive names
them. A ``# check=skip=...;error=true`` directive (or the
``BUILDKIT_DOCKERFILE_CHECK`` build argument) skips rules or turns the
warnings into a failed build.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from storagekit.docker.build.dockerfile import DockerfileError, ExpandError, Instruction, expand, levenshtein


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    url: str
    experimental: bool = False


def _rule(name: str, description: str, slug: str, experimental: bool = False) -> Rule:
    return Rule(name, description, f"https://docs.docker.com/go/dockerfile/rule/{slug}/", experimental)


RULES = {r.name: r for r in (
    _rule("StageNameCasing", "Stage names should be lowercase", "stage-name-casing"),
    _rule("FromAsCasing", "The 'as' keyword should match the case of the 'from' keyword", "from-as-casing"),
    _rule("NoEmptyContinuation", "Empty continuation lines will become errors in a future release",
          "no-empty-continuation"),
    _rule("ConsistentInstructionCasing",
          "All commands within the Dockerfile should use the same casing (either upper or lower)",
          "consistent-instruction-casing"),
    _rule("DuplicateStageName", "Stage names should be unique", "duplicate-stage-name"),
    _rule("ReservedStageName", "Reserved words should not be used as stage names", "reserved-stage-name"),
    _rule("JSONArgsRecommended",
          "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
          "json-args-recommended"),
    _rule("MaintainerDeprecated",
          "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
          "maintainer-deprecated"),
    _rule("UndefinedArgInFrom", "FROM command must use declared ARGs", "undefined-arg-in-from"),
    _rule("WorkdirRelativePath", "Relative workdir without an absolute workdir declared within the build can have "
          "unexpected results if the base image changes", "workdir-relative-path"),
    _rule("UndefinedVar", "Variables should be defined before their use", "undefined-var"),
    _rule("MultipleInstructionsDisallowed",
          "Multiple instructions of the same type should not be used in the same stage",
          "multiple-instructions-disallowed"),
    _rule("LegacyKeyValueFormat", "Legacy key/value format with whitespace separator should not be used",
          "legacy-key-value-format"),
    _rule("RedundantTargetPlatform", "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this "
          "is the default behavior", "redundant-target-platform"),
    _rule("SecretsUsedInArgOrEnv", "Sensitive data should not be used in the ARG or ENV commands",
          "secrets-used-in-arg-or-env"),
    _rule("InvalidDefaultArgInFrom", "Default value for global ARG results in an empty or invalid base image name",
          "invalid-default-arg-in-from"),
    _rule("FromPlatformFlagConstDisallowed", "FROM --platform flag should not use a constant value",
          "from-platform-flag-const-disallowed"),
    _rule("CopyIgnoredFile", "Attempting to Copy file that is excluded by .dockerignore", "copy-ignored-file",
          experimental=True),
    _rule("InvalidDefinitionDescription", "Comment for build stage or argument should follow the format: `# <arg/"
          "stage name> <description>`. If this is not intended to be a description comment, add an empty line or "
          "comment between the instruction and the comment.", "invalid-definition-description", experimental=True),
)}


@dataclass(frozen=True)
class LintWarning:
    rule: Rule
    message: str
    line: int
    end_line: int

    @property
    def short(self) -> str:
        """``linter.LintFormatShort``: what the progress and the summary print."""
        return f"{self.rule.name}: {self.message}" + (f" (line {self.line})" if self.line > 0 else "")


@dataclass
class CheckConfig:
    """The ``check`` directive (``linter.ParseLintOptions``)."""

    skip: set[str] = field(default_factory=set)
    skip_all: bool = False
    experimental: set[str] = field(default_factory=set)
    experimental_all: bool = False
    error: bool = False

    @classmethod
    def parse(cls, text: str) -> CheckConfig:
        cfg = cls()
        text = text.strip()
        if not text:
            return cfg
        for part in text.split(";", 2):
            key, eq, value = part.partition("=")
            if not eq:
                raise DockerfileError(f'failed to parse check options: invalid check option "{part}"')
            key, value = key.strip(), value.strip()
            if key in ("skip", "experimental"):
                names = {n.strip() for n in value.split(",")}
                if key == "skip":
                    cfg.skip_all, cfg.skip = value == "all", names
                else:
                    cfg.experimental_all, cfg.experimental = value == "all", names
            elif key == "error":
                if value not in GO_BOOLS:
                    raise DockerfileError(f'failed to parse check options: failed to parse check option "{part}": '
                                          f'strconv.ParseBool: parsing "{value}": invalid syntax')
                cfg.error = GO_BOOLS[value]
            else:
                raise DockerfileError(f'failed to parse check options: invalid check option "{key}"')
        return cfg

    def runs(self, rule: Rule) -> bool:
        if rule.experimental:
            return self.experimental_all or rule.name in self.experimental
        return not (self.skip_all or rule.name in self.skip)


GO_BOOLS = {**dict.fromkeys(("1", "t", "T", "TRUE", "true", "True"), True),
            **dict.fromkeys(("0", "f", "F", "FALSE", "false", "False"), False)}
"""Go's ``strconv.ParseBool``."""

_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")


def directives(text: str) -> dict[str, str]:
    """The parser directives at the top of the file (``# syntax=``, ``# escape=``, ``# check=``)."""
    found: dict[str, str] = {}
    for line in text.split("\n"):
        m = _DIRECTIVE.match(line.rstrip("\r"))
        if not m or m.group(1).lower() in found:
            break
        found[m.group(1).lower()] = m.group(2)
    return found


def check_config(text: str, build_args: dict[str, str]) -> CheckConfig:
    """The build argument wins over the directive, as in BuildKit's ``dockerui`` config."""
    if "BUILDKIT_DOCKERFILE_CHECK" in build_args:
        return CheckConfig.parse(build_args["BUILDKIT_DOCKERFILE_CHECK"])
    return CheckConfig.parse(directives(text).get("check", ""))


class Linter:
    """Collects the warnings of the rules the configuration lets run, in the order they fire."""

    def __init__(self, config: CheckConfig) -> None:
        self.config = config
        self.warnings: list[LintWarning] = []

    def run(self, name: str, message: str, line: int, end_line: int = 0) -> None:
        rule = RULES[name]
        if self.config.runs(rule):
            self.warnings.append(LintWarning(rule, message, line, end_line or line))

    def error(self) -> str:
        """``Linter.Error``: with ``error=true`` any warning fails the build, naming the rules."""
        if not self.config.error or not self.warnings:
            return ""
        names = list(dict.fromkeys(w.rule.name for w in self.warnings))
        return "lint violation found for rules: " + ", ".join(names)


def suggest(word: str, options) -> str:
    """``suggest.Search`` (case-sensitive): the closest option within distance 2, none on an exact match."""
    match, best = "", 3
    for opt in options:
        if opt == word:
            return ""
        d = levenshtein(word, opt)
        if d < best:
            match, best = opt, d
    return match


class _Recorder:
    """An environment that remembers the names a word looked up and did not find (the lexer's unmatched set)."""

    def __init__(self, env) -> None:
        self.env = env
        self.missing: list[str] = []

    def get(self, key, default=None):
        if key not in self.env and key not in self.missing:
            self.missing.append(key)
        return self.env.get(key, default)


def unmatched(word: str, env) -> list[str]:
    rec = _Recorder(env)
    with contextlib.suppress(ExpandError):
        expand(word, rec)  # type: ignore[arg-type]
    return rec.missing


SECRET = re.compile(r"(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)")
SECRET_ALLOWED = re.compile(r"(?i)(?:_|^)(?:public)(?:_|$)")
RESERVED_STAGES = ("context", "scratch")
ONCE = ("CMD", "ENTRYPOINT", "HEALTHCHECK")


def word(ins: Instruction) -> str:
    """The instruction's name as written (``From``, ``copy``)."""
    return ins.original.split(None, 1)[0] if ins.original.strip() else ins.cmd


def is_legacy_pair(ins: Instruction) -> bool:
    """``ENV key value``: the first word after the flags has no ``=`` (the parser's ``NoDelim``)."""
    rest = ins.original.split(None, 1)[1] if len(ins.original.split(None, 1)) > 1 else ""
    first = rest.split(None, 1)[0] if rest.strip() else ""
    return bool(first) and "=" not in first


def empty_continuations(text: str, instructions: list[Instruction], escape: str = "\\") -> list[int]:
    """The last line of each instruction that continues over an empty line (the parser's warning)."""
    lines = text.split("\n")
    out = []
    for ins in instructions:
        n = ins.line
        current = lines[n - 1].rstrip() if n - 1 < len(lines) else ""
        empty = False
        while current.endswith(escape) and n < len(lines):
            n += 1
            nxt = lines[n - 1]
            if nxt.lstrip().startswith("#"):
                continue
            if not nxt.strip():
                empty = True
                continue
            current = nxt.rstrip()
        if empty:
            out.append(n)
    return out


def platform_args(platform: str, target: str) -> dict[str, str]:
    os_, _, arch = platform.partition("/")
    return {"BUILDPLATFORM": platform, "BUILDOS": os_, "BUILDOSVERSION": "", "BUILDARCH": arch,
            "BUILDVARIANT": "", "TARGETPLATFORM": platform, "TARGETOS": os_, "TARGETOSVERSION": "",
            "TARGETARCH": arch, "TARGETVARIANT": "", "TARGETSTAGE": target or "default"}
