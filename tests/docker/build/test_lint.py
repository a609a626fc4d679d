"""BuildKit's Dockerfile checks, table-driven from BuildKit's own ``dockerfile_lint_test.go`` (v0.22, the frontend
of Docker 28): each case is a Dockerfile, its build arguments, the warnings (rule, text, line) in the order the
real tests sort them (line, then text), and the error ``check=error=true`` makes of them."""

from __future__ import annotations

import pytest

from storagekit.docker.build.checks import run_checks
from storagekit.docker.build.dockerfile import DockerfileError, parse
from storagekit.docker.build.lint import RULES, CheckConfig, LintWarning, directives

IMAGE_ENV = {"alpine": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}}
CASING = "Command '{}' should match the case of the command majority ({})"
JSON_ARGS = "JSON arguments recommended for {} to prevent unintended behavior related to OS signals"
MULTIPLE = "Multiple {} instructions should not be used in the same stage because only the last one will be used"
SECRET = 'Do not use ARG or ENV instructions for sensitive data ({} "{}")'

CASES = [
    # testRuleCheckOption
    ("#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n", {}, [], ""),
    ("#check=skip=all;error=true\nFROM scratch as base\ncopy Dockerfile .\n", {}, [], ""),
    ("#check=skip=ConsistentInstructionCasing,FromAsCasing\nFROM scratch as base\ncopy Dockerfile .\n", {}, [], ""),
    ("#check=skip=ConsistentInstructionCasing\nFROM scratch as base\ncopy Dockerfile .\n", {},
     [("FromAsCasing", "'as' and 'FROM' keywords' casing do not match", 2)], ""),
    ("#check=skip=ConsistentInstructionCasing;error=true\nFROM scratch as base\ncopy Dockerfile .\n", {},
     [("FromAsCasing", "'as' and 'FROM' keywords' casing do not match", 2)],
     "lint violation found for rules: FromAsCasing"),
    ("#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n",
     {"BUILDKIT_DOCKERFILE_CHECK": "skip=ConsistentInstructionCasing;error=true"},
     [("FromAsCasing", "'as' and 'FROM' keywords' casing do not match", 2)],
     "lint violation found for rules: FromAsCasing"),
    ("#check=error=true\nFROM scratch as base\ncopy Dockerfile .\n", {"BUILDKIT_DOCKERFILE_CHECK": "skip=all"},
     [], ""),
    # testStageName
    ("\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n# warning: 'as' should "
     "match 'FROM' cmd casing.\n#\nFROM scratch as base2\n\nFROM scratch AS base3\n", {},
     [("StageNameCasing", "Stage name 'BadStageName' should be lowercase", 4),
      ("FromAsCasing", "'as' and 'FROM' keywords' casing do not match", 8)], ""),
    ("\n# warning: 'AS' should match 'from' cmd casing.\n#\nfrom scratch AS base\n\nfrom scratch as base2\n", {},
     [("FromAsCasing", "'AS' and 'from' keywords' casing do not match", 4)], ""),
    # testNoEmptyContinuation
    ("\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\nCOPY Dockerfile \\\n.\n", {},
     [("NoEmptyContinuation", "Empty continuation line", 6)], ""),
    # testConsistentInstructionCasing
    ("\n# warning: 'FROM' should be either lowercased or uppercased\n#\nFrom scratch as base\nFROM scratch AS "
     "base2\n", {}, [("ConsistentInstructionCasing", CASING.format("From", "uppercase"), 4)], ""),
    ("\nFROM scratch\n# warning: 'copy' should match command majority's casing (uppercase)\ncopy Dockerfile /foo\n"
     "COPY Dockerfile /bar\n", {}, [("ConsistentInstructionCasing", CASING.format("copy", "uppercase"), 4)], ""),
    ("\n# warning: 'frOM' should be either lowercased or uppercased\n#\nfrOM scratch as base\nfrom scratch as "
     "base2\n", {}, [("ConsistentInstructionCasing", CASING.format("frOM", "lowercase"), 4)], ""),
    ("\nfrom scratch\n# warning: 'COPY' should match command majority's casing (lowercase)\nCOPY Dockerfile /foo\n"
     "copy Dockerfile /bar\n", {}, [("ConsistentInstructionCasing", CASING.format("COPY", "lowercase"), 4)], ""),
    ("\n#\n#\nfrom scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz\n", {},
     [("ConsistentInstructionCasing", CASING.format("from", "uppercase"), 4)], ""),
    ("\n#\n#\nFROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n", {},
     [("ConsistentInstructionCasing", CASING.format("FROM", "lowercase"), 4)], ""),
    ("\nfrom scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n", {}, [], ""),
    ("\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n", {}, [], ""),
    ("\nFROM alpine\nRUN <<'EOT'\nenv\nEOT\n", {}, [], ""),
    # testDuplicateStageName, testReservedStageName
    ("\nFROM scratch AS b\nFROM scratch AS b\n", {},
     [("DuplicateStageName", 'Duplicate stage name "b", stage names should be unique', 3)], ""),
    ("\nFROM scratch AS b1\nFROM scratch AS b2\n", {}, [], ""),
    ("\nFROM scratch AS scratch\nFROM scratch AS context\n", {},
     [("ReservedStageName", 'Stage name should not use the same name as reserved stage "scratch"', 2),
      ("ReservedStageName", 'Stage name should not use the same name as reserved stage "context"', 3)], ""),
    ("\nFROM scratch\nFROM scratch AS a\n", {}, [], ""),
    # testJSONArgsRecommended
    ("\nFROM scratch\nCMD mycommand\n", {}, [("JSONArgsRecommended", JSON_ARGS.format("CMD"), 3)], ""),
    ("\nFROM scratch\nENTRYPOINT mycommand\n", {}, [("JSONArgsRecommended", JSON_ARGS.format("ENTRYPOINT"), 3)], ""),
    ('\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nCMD mycommand\n', {}, [], ""),
    ('\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nENTRYPOINT mycommand\n', {}, [], ""),
    ('\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nCMD mycommand\n', {}, [], ""),
    ('\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nENTRYPOINT mycommand\n', {}, [], ""),
    # testMaintainerDeprecated
    ("\nFROM scratch\nMAINTAINER me@example.org\n", {},
     [("MaintainerDeprecated", "Maintainer instruction is deprecated in favor of using label", 3)], ""),
    ('\nFROM scratch\nLABEL org.opencontainers.image.authors="me@example.org"\n', {}, [], ""),
    # testUndeclaredArg
    ("\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n", {}, [], ""),
    ("\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n", {}, [], ""),
    ("\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n", {}, [], ""),
    ("\nARG DEBUG\nFROM scratch${DEBUG}\nCOPY Dockerfile .\n", {}, [], ""),
    ("\nARG DEBUG\nFROM scra${DEBUG:-tch}\nCOPY Dockerfile .\n", {}, [], ""),
    ('\nARG DEBUG=""\nFROM scratch${DEBUG-@bogus}\nCOPY Dockerfile .\n', {}, [], ""),
    ("\nFROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n", {},
     [("UndefinedArgInFrom", "FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)", 2)], ""),
    ("\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\nCOPY Dockerfile .\n", {},
     [("UndefinedArgInFrom", "FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)", 4)], ""),
    ("\nARG tag=latest\nFROM busybox:${tag}${version} AS b\nCOPY Dockerfile .\n", {},
     [("UndefinedArgInFrom", "FROM argument 'version' is not declared", 3)], ""),
    # testWorkdirRelativePath
    ("\nFROM scratch\nWORKDIR app/\n", {}, [("WorkdirRelativePath", 'Relative workdir "app/" can have unexpected '
                                             "results if the base image changes", 3)], ""),
    ("\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n", {}, [], ""),
    # testUnmatchedVars
    ("\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n", {}, [], ""),
    ("\nFROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n", {}, [], ""),
    ("\nFROM alpine\nRUN echo $PATH\n", {}, [], ""),
    ("\nFROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n", {},
     [("UndefinedVar", "Usage of undefined variable '$foo'", 3)], ""),
    ("\nFROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n",
     {}, [("UndefinedVar", "Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?)", 6)], ""),
    ("\nFROM alpine\nENV PATH=$PAHT:/tmp/bin\n", {},
     [("UndefinedVar", "Usage of undefined variable '$PAHT' (did you mean $PATH?)", 3)], ""),
    # testMultipleInstructionsDisallowed
    ('\nFROM scratch\nENTRYPOINT ["/myapp"]\nENTRYPOINT ["/myotherapp"]\nCMD ["/myapp"]\nCMD ["/myotherapp"]\n'
     'HEALTHCHECK CMD ["/myapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n', {},
     [("MultipleInstructionsDisallowed", MULTIPLE.format("ENTRYPOINT"), 3),
      ("MultipleInstructionsDisallowed", MULTIPLE.format("CMD"), 5),
      ("MultipleInstructionsDisallowed", MULTIPLE.format("HEALTHCHECK"), 7)], ""),
    ('\nFROM scratch\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\nCOPY <<EOF /a.txt\n'
     'Hello, World!\nEOF\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n', {},
     [("MultipleInstructionsDisallowed", MULTIPLE.format("ENTRYPOINT"), 3),
      ("MultipleInstructionsDisallowed", MULTIPLE.format("CMD"), 4),
      ("MultipleInstructionsDisallowed", MULTIPLE.format("HEALTHCHECK"), 5)], ""),
    ('\nFROM scratch AS a\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\n\nFROM a AS b\n'
     'ENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n', {}, [], ""),
    # testLegacyKeyValueFormat (the third case's stage b is not reachable: a build warns of nothing)
    ("\nFROM scratch\nENV testkey value\nLABEL key value\n", {},
     [("LegacyKeyValueFormat", '"ENV key=value" should be used instead of legacy "ENV key value" format', 3),
      ("LegacyKeyValueFormat", '"LABEL key=value" should be used instead of legacy "LABEL key value" format', 4)],
     ""),
    ("\nFROM scratch\nENV testkey=value\nLABEL key=value\n", {}, [], ""),
    ("\nFROM scratch AS a\n\nFROM a AS b\nENV testkey value\nLABEL key value\n\nFROM a AS c\n", {}, [], ""),
    # testRedundantTargetPlatform
    ("\nFROM --platform=$TARGETPLATFORM scratch\n", {},
     [("RedundantTargetPlatform", "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is "
       "the default behavior", 2)], ""),
    ("\nFROM --platform=${TARGETPLATFORM} scratch\n", {},
     [("RedundantTargetPlatform", "Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this "
       "is the default behavior", 2)], ""),
    # testInvalidDefaultArgInFrom
    ("\nARG VERSION\nFROM busybox:$VERSION\n", {"VERSION": "latest"},
     [("InvalidDefaultArgInFrom", "Default value for ARG busybox:$VERSION results in empty or invalid base image "
       "name", 3)], ""),
    ("\nARG IMAGE\nFROM $IMAGE\n", {"IMAGE": "busybox:latest"},
     [("InvalidDefaultArgInFrom", "Default value for ARG $IMAGE results in empty or invalid base image name", 3)], ""),
    ('\nARG SFX="box:"\nFROM busy${SFX}\n', {"SFX": "box:latest"},
     [("InvalidDefaultArgInFrom", "Default value for ARG busy${SFX} results in empty or invalid base image name",
       3)], ""),
    ('\nARG VERSION="latest"\nFROM busybox:${VERSION}\n', {"VERSION": "latest"}, [], ""),
    ('\nARG BUSYBOX_VARIANT=""\nFROM busybox:stable${BUSYBOX_VARIANT}\n', {"BUSYBOX_VARIANT": "-musl"}, [], ""),
    ("\n\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n\t", {"BUSYBOX_VARIANT": "-musl"}, [], ""),
    # testFromPlatformFlagConstDisallowed
    ("\nFROM --platform=linux/amd64 scratch\n", {},
     [("FromPlatformFlagConstDisallowed", 'FROM --platform flag should not use constant value "linux/amd64"', 2)],
     ""),
    ("\nFROM --platform=linux/amd64 scratch AS my_amd64_stage\n", {}, [], ""),
    ("\nFROM --platform=linux/amd64 scratch AS linux\n", {}, [], ""),
    # testSecretsUsedInArgOrEnv
    ("\nFROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\nARG "
     "super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG "
     "public_token\n", {},
     [("SecretsUsedInArgOrEnv", SECRET.format("ARG", "SECRET_PASSPHRASE"), 3),
      ("SecretsUsedInArgOrEnv", SECRET.format("ENV", "SUPER_Secret"), 4),
      ("SecretsUsedInArgOrEnv", SECRET.format("ENV", "password"), 5),
      ("SecretsUsedInArgOrEnv", SECRET.format("ENV", "secret"), 5),
      ("SecretsUsedInArgOrEnv", SECRET.format("ARG", "auth"), 6),
      ("SecretsUsedInArgOrEnv", SECRET.format("ARG", "super_duper_secret_token"), 6),
      ("SecretsUsedInArgOrEnv", SECRET.format("ENV", "apikey"), 7),
      ("SecretsUsedInArgOrEnv", SECRET.format("ENV", "git_key"), 8)], ""),
]


def _check(text: str, build_args: dict[str, str]):
    return run_checks(text, parse(text), build_args=build_args,
                      base_config=lambda name: IMAGE_ENV.get(name.split(":")[0], {}))


@pytest.mark.parametrize("text,build_args,expected,error", CASES)
def test_buildkit_lint_table(text, build_args, expected, error):
    lint = _check(text, build_args)
    got = sorted(((w.rule.name, w.message, w.line) for w in lint.warnings), key=lambda w: (w[2], w[1]))
    assert got == sorted(expected, key=lambda w: (w[2], w[1]))
    assert lint.error() == error


def test_warnings_are_in_the_frontends_order():
    """Parse-time rules first (for every instruction), then stage and casing rules, then the dispatch ones."""
    lint = _check("FROM alpine AS Base\nCMD run\nMAINTAINER me\ncopy a /b\n", {})
    assert [w.rule.name for w in lint.warnings] == ["StageNameCasing", "MaintainerDeprecated",
                                                    "ConsistentInstructionCasing", "JSONArgsRecommended"]


def test_short_form_and_experimental_rules():
    w = LintWarning(RULES["JSONArgsRecommended"], JSON_ARGS.format("ENTRYPOINT"), 6, 6)
    assert w.short == ("JSONArgsRecommended: JSON arguments recommended for ENTRYPOINT to prevent unintended "
                       "behavior related to OS signals (line 6)")
    assert not CheckConfig().runs(RULES["CopyIgnoredFile"])
    assert CheckConfig.parse("experimental=CopyIgnoredFile").runs(RULES["CopyIgnoredFile"])
    assert CheckConfig().runs(RULES["UndefinedVar"])


@pytest.mark.parametrize("option,message", [
    ("skip", 'failed to parse check options: invalid check option "skip"'),
    ("nope=1", 'failed to parse check options: invalid check option "nope"'),
    ("error=yes", 'failed to parse check options: failed to parse check option "error=yes": strconv.ParseBool: '
                  'parsing "yes": invalid syntax'),
])
def test_bad_check_options(option, message):
    with pytest.raises(DockerfileError) as exc:
        CheckConfig.parse(option)
    assert exc.value.message == message


def test_directives_stop_at_the_first_other_line():
    assert directives("# syntax=docker/dockerfile:1\n#check=skip=all\nFROM x\n# check=error=true\n") == {
        "syntax": "docker/dockerfile:1", "check": "skip=all"}
