"""Running BuildKit's Dockerfile checks over a parsed Dockerfile, phase by phase as the frontend does.

The rules and their texts are in :mod:`storagekit.docker.build.lint`; this
module walks the Dockerfile the way ``dockerfile2llb`` converts it, so each
warning fires where, and in the order, BuildKit's fires: the parse-time rules
for every instruction, the stage and ``FROM`` rules for every stage, and the
instruction rules only for the stages the target needs (with the environment,
declared ARGs, ``SHELL`` and ``WORKDIR`` each stage inherits from its base).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from storagekit.docker import reference
from storagekit.docker.build.dockerfile import ExpandError, Instruction, expand
from storagekit.docker.build.lint import (
    ONCE,
    RESERVED_STAGES,
    SECRET,
    SECRET_ALLOWED,
    Linter,
    check_config,
    empty_continuations,
    is_legacy_pair,
    platform_args,
    suggest,
    unmatched,
    word,
)
from storagekit.docker.errors import InvalidReference

BaseConfig = Callable[[str], dict]
"""The config of a base image by name (``{}`` when it cannot be had): its Env and Shell."""


@dataclass
class _State:
    env: dict[str, str] = field(default_factory=dict)
    args: dict[str, None] = field(default_factory=dict)
    """The ARGs the stage declared (and its base stages), in order."""
    shell: bool = False
    workdir_set: bool = False
    once: dict[str, int] = field(default_factory=dict)


def run_checks(text: str, instructions: list[Instruction], *, build_args: dict[str, str], target: str = "",
               platform: str = "linux/amd64", base_config: BaseConfig = lambda name: {}) -> Linter:
    lint = Linter(check_config(text, build_args))
    for line in empty_continuations(text, instructions):
        lint.run("NoEmptyContinuation", "Empty continuation line", line)
    meta = [i for i in _before_first_from(instructions)]
    stages = _stages(instructions)
    for ins in instructions:
        _parse_time(lint, ins)
    _stage_names(lint, stages)
    _casing(lint, stages)
    names = [_stage_name(s[0]) for s in stages]
    defaults = platform_args(platform, target or names[-1] if names else "")
    _default_bases(lint, stages, _meta_env(meta, defaults, {}))
    globals_ = _meta_env(meta, defaults, build_args)
    declared = {k for i in meta for k in _arg_names(i)} | set(defaults)
    for stage in stages:
        _from_args(lint, stage[0], globals_, declared)
    states: dict[str, _State] = {}
    for index in _reachable(stages, names, target):
        stage = stages[index]
        base = _expand_quiet(stage[0].args[0], globals_)
        parent = states.get(base.lower())
        state = _inherit(parent) if parent else _from_image(base_config(base) if base != "scratch" else {})
        for ins in stage[1:]:
            _dispatch(lint, state, ins, build_args, globals_)
        if names[index]:
            states[names[index]] = state
        states[str(index)] = state
    return lint


# ----------------------------------------------------------------- parsing


def _before_first_from(instructions: list[Instruction]):
    for ins in instructions:
        if ins.cmd == "FROM":
            return
        yield ins


def _stages(instructions: list[Instruction]) -> list[list[Instruction]]:
    stages: list[list[Instruction]] = []
    for ins in instructions:
        if ins.cmd == "FROM":
            stages.append([ins])
        elif stages:
            stages[-1].append(ins)
    return stages


def _stage_name(from_ins: Instruction) -> str:
    return from_ins.args[2].lower() if len(from_ins.args) == 3 else ""


def _arg_names(ins: Instruction) -> list[str]:
    return [a.partition("=")[0] for a in ins.args] if ins.cmd == "ARG" else []


def _parse_time(lint: Linter, ins: Instruction) -> None:
    """``instructions.ParseInstructionWithLinter``."""
    if ins.cmd == "MAINTAINER":
        lint.run("MaintainerDeprecated", "Maintainer instruction is deprecated in favor of using label", ins.line)
    elif ins.cmd == "FROM" and len(ins.args) == 3:
        name, as_word, from_word = ins.args[2], ins.args[1], word(ins)
        if name != name.lower():
            lint.run("StageNameCasing", f"Stage name '{name}' should be lowercase", ins.line)
        lower, upper = from_word == from_word.lower(), from_word == from_word.upper()
        if (lower and as_word != as_word.lower()) or (upper and not lower and as_word != as_word.upper()):
            lint.run("FromAsCasing", f"'{as_word}' and '{from_word}' keywords' casing do not match", ins.line)


def _stage_names(lint: Linter, stages: list[list[Instruction]]) -> None:
    seen: set[str] = set()
    for stage in stages:
        name = _stage_name(stage[0])
        if not name:
            continue
        if name in RESERVED_STAGES:
            lint.run("ReservedStageName", f'Stage name should not use the same name as reserved stage "{name}"',
                     stage[0].line)
        if name in seen:
            lint.run("DuplicateStageName", f'Duplicate stage name "{name}", stage names should be unique',
                     stage[0].line)
        seen.add(name)


def _casing(lint: Linter, stages: list[list[Instruction]]) -> None:
    words = [word(ins) for stage in stages for ins in stage]
    lower = sum(1 for w in words if w == w.lower())
    upper = sum(1 for w in words if w == w.upper() and w != w.lower())
    majority_lower = lower > upper
    for stage in stages:
        for ins in stage:
            w = word(ins)
            casing = ("lowercase" if majority_lower and w != w.lower()
                      else "uppercase" if not majority_lower and w != w.upper() else "")
            if casing:
                lint.run("ConsistentInstructionCasing",
                         f"Command '{w}' should match the case of the command majority ({casing})", ins.line)


# ------------------------------------------------------------- FROM lines


def _meta_env(meta: list[Instruction], defaults: dict[str, str], build_args: dict[str, str]) -> dict[str, str]:
    """``buildMetaArgs``: the global ARGs' values, defaults expanded in order, build arguments winning."""
    env = dict(defaults)
    for ins in meta:
        for raw in ins.args:
            name, eq, value = raw.partition("=")
            if name in build_args:
                env[name] = build_args[name]
            elif eq:
                env[name] = _expand_quiet(value, env)
    return env


def _expand_quiet(text: str, env: dict[str, str]) -> str:
    try:
        return expand(text, env)
    except ExpandError:
        return text


def _default_bases(lint: Linter, stages: list[list[Instruction]], env: dict[str, str]) -> None:
    """``validateBaseImagesWithDefaultArgs``: with no build arguments, each base must still be a valid name."""
    for stage in stages:
        base = stage[0].args[0]
        try:
            result = expand(base, env)
        except ExpandError:
            return
        try:
            reference.parse(result)
        except InvalidReference:
            lint.run("InvalidDefaultArgInFrom", f"Default value for ARG {base} results in empty or invalid base "
                     "image name", stage[0].line)


def _from_args(lint: Linter, ins: Instruction, env: dict[str, str], declared: set[str]) -> None:
    for name in unmatched(ins.args[0], env):
        if name not in declared:
            _undeclared(lint, ins, name, declared)
    platform = ins.flag("platform")
    if not platform:
        return
    missing = unmatched(platform, env)
    for name in missing:
        if name not in declared:
            _undeclared(lint, ins, name, declared)
    used = _referenced(platform, env)
    result = _expand_quiet(platform, env)
    if used == ["TARGETPLATFORM"] and not missing and result == env.get("TARGETPLATFORM"):
        lint.run("RedundantTargetPlatform", f"Setting platform to predefined {platform} in FROM is redundant as "
                 "this is the default behavior", ins.line)
    if not used and not missing and "/" in result:
        os_, _, arch = result.partition("/")
        stage = _stage_name(ins)
        if os_ not in stage and arch.split("/")[0] not in stage:
            lint.run("FromPlatformFlagConstDisallowed", f'FROM --platform flag should not use constant value '
                     f'"{result}"', ins.line)


def _undeclared(lint: Linter, ins: Instruction, name: str, declared: set[str]) -> None:
    hint = suggest(name, sorted(declared))
    lint.run("UndefinedArgInFrom", f"FROM argument '{name}' is not declared" + (f" (did you mean {hint}?)"
                                                                                   if hint else ""), ins.line)


def _referenced(text: str, env: dict[str, str]) -> list[str]:
    """Names a word looks up that are set (``ProcessWordWithMatches``' Matched)."""
    everything = unmatched(text, {})
    return [n for n in everything if n in env]


# --------------------------------------------------------------- dispatch


def _reachable(stages: list[list[Instruction]], names: list[str], target: str) -> list[int]:
    """The stages the target needs, in file order (the frontend dispatches only those)."""
    last = names.index(target.lower()) if target and target.lower() in names else len(stages) - 1
    need, todo = set(), [last]
    while todo:
        i = todo.pop()
        if i in need or i < 0:
            continue
        need.add(i)
        refs = [stages[i][0].args[0]]
        for ins in stages[i][1:]:
            refs.append(ins.flag("from"))
            refs += [f.partition("from=")[2].split(",")[0] for f in ins.flags.get("mount", []) if "from=" in f]
        for ref in refs:
            ref = ref.lower()
            if ref in names[:i] and ref:
                todo.append(names.index(ref))
            elif ref.isdigit() and int(ref) < i:
                todo.append(int(ref))
    return sorted(need)


def _from_image(config: dict) -> _State:
    env = dict(e.partition("=")[::2] for e in config.get("Env") or [])
    env.setdefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
    return _State(env=env, shell=bool(config.get("Shell")))


def _inherit(parent: _State) -> _State:
    return _State(dict(parent.env), dict(parent.args), parent.shell, parent.workdir_set)


def _words(ins: Instruction) -> list[str]:
    """The words the frontend expands before it dispatches an instruction (``SupportsSingleWordExpansion``)."""
    if ins.cmd in ("ENV", "LABEL", "WORKDIR", "USER", "VOLUME", "STOPSIGNAL"):
        return list(ins.args)
    if ins.cmd in ("COPY", "ADD"):
        return [ins.flag("chown"), ins.flag("chmod"), *ins.args]
    return []


def _dispatch(lint: Linter, state: _State, ins: Instruction, build_args: dict[str, str],
              globals_: dict[str, str]) -> None:
    for w in _words(ins):
        _undefined(lint, state, w, ins)
    if ins.cmd in ("ENV", "LABEL") and is_legacy_pair(ins):
        lint.run("LegacyKeyValueFormat", f'"{word(ins)} key=value" should be used instead of legacy "{word(ins)} key '
                 'value" format', ins.line)
    if ins.cmd == "ENV":
        pairs = [(ins.args[i], ins.args[i + 1]) for i in range(0, len(ins.args) - 1, 2)]
        for key, _ in pairs:
            _secret(lint, "ENV", key, ins)
        state.env.update({k: _expand_quiet(v, state.env) for k, v in pairs})
    elif ins.cmd == "ARG":
        for raw in ins.args:
            name, eq, value = raw.partition("=")
            _secret(lint, "ARG", name, ins)
            if name in build_args:
                state.env[name] = build_args[name]
            elif eq:
                _undefined(lint, state, value, ins)
                state.env[name] = _expand_quiet(value, state.env)
            elif name in globals_:
                state.env[name] = globals_[name]
            state.args[name] = None
    elif ins.cmd == "WORKDIR":
        if not state.workdir_set and not posixpath.isabs(_expand_quiet(ins.args[0], state.env)):
            lint.run("WorkdirRelativePath", f'Relative workdir "{ins.args[0]}" can have unexpected results if the '
                     "base image changes", ins.line)
        state.workdir_set = True
    elif ins.cmd in ONCE:
        if ins.cmd in state.once:
            lint.run("MultipleInstructionsDisallowed", f"Multiple {word(ins)} instructions should not be used in the "
                     "same stage because only the last one will be used", state.once[ins.cmd])
        state.once[ins.cmd] = ins.line
        if ins.cmd != "HEALTHCHECK" and not ins.json and not state.shell:
            lint.run("JSONArgsRecommended", f"JSON arguments recommended for {word(ins)} to prevent unintended "
                     "behavior related to OS signals", ins.line)
    elif ins.cmd == "SHELL":
        state.shell = True


def _undefined(lint: Linter, state: _State, text: str, ins: Instruction) -> None:
    """``reportUnmatchedVariables``: a name neither set nor declared by an ARG of the stage."""
    for name in unmatched(text, state.env):
        if name not in state.args:
            hint = suggest(name, sorted(state.env))
            lint.run("UndefinedVar", f"Usage of undefined variable '${name}'" + (f" (did you mean ${hint}?)"
                                                                                 if hint else ""), ins.line)


def _secret(lint: Linter, instruction: str, key: str, ins: Instruction) -> None:
    if SECRET.search(key) and not SECRET_ALLOWED.search(key):
        lint.run("SecretsUsedInArgOrEnv", f'Do not use ARG or ENV instructions for sensitive data ({instruction} '
                 f'"{key}")', ins.line)
