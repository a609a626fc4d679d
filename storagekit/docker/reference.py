"""Image references, parsed and normalised as docker/distribution's ``reference`` package does.

``ubuntu`` means ``docker.io/library/ubuntu:latest``; Docker prints the short
"familiar" form. A reference that does not match the grammar is refused with
``invalid reference format`` (and a more precise reason for upper case).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storagekit.docker.errors import InvalidReference

DEFAULT_DOMAIN = "docker.io"
OFFICIAL_PREFIX = "library/"

_alnum = r"[a-z0-9]+"
_separator = r"(?:[._]|__|[-]+)"
_path_component = rf"{_alnum}(?:{_separator}{_alnum})*"
_domain_component = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_domain = rf"(?:{_domain_component}(?:\.{_domain_component})*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?"
_tag = r"[\w][\w.-]{0,127}"
_digest = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_name = rf"(?:{_domain}/)?{_path_component}(?:/{_path_component})*"
REFERENCE_RE = re.compile(rf"^({_name})(?::({_tag}))?(?:@({_digest}))?$")
NAME_TOTAL_LENGTH_MAX = 255


@dataclass(frozen=True)
class Reference:
    domain: str
    path: str
    tag: str | None = None
    digest: str | None = None

    @property
    def name(self) -> str:
        """The full repository name, e.g. ``docker.io/library/ubuntu``."""
        return f"{self.domain}/{self.path}"

    @property
    def familiar_name(self) -> str:
        """The repository as Docker prints it: ``ubuntu``, ``mmumshad/my-custom-app``."""
        if self.domain == DEFAULT_DOMAIN:
            return self.path[len(OFFICIAL_PREFIX):] if self.path.startswith(OFFICIAL_PREFIX) else self.path
        return self.name

    def __str__(self) -> str:
        text = self.familiar_name
        if self.tag:
            text += ":" + self.tag
        if self.digest:
            text += "@" + self.digest
        return text

    @property
    def canonical(self) -> str:
        text = self.name
        if self.tag:
            text += ":" + self.tag
        if self.digest:
            text += "@" + self.digest
        return text

    def with_default_tag(self) -> Reference:
        if self.tag or self.digest:
            return self
        return Reference(self.domain, self.path, "latest")


def parse(text: str) -> Reference:
    """Parse a reference as ``docker pull`` / ``docker tag`` / ``docker build -t`` do.

    >>> str(parse("ubuntu").with_default_tag()), parse("mmumshad/app:v2").name
    ('ubuntu:latest', 'docker.io/mmumshad/app')
    """
    m = REFERENCE_RE.match(text)
    if not m:
        lowered = text.lower()
        if lowered != text and REFERENCE_RE.match(lowered):
            repo = text.split("@")[0]
            if ":" in repo.rsplit("/", 1)[-1]:
                repo = repo.rsplit(":", 1)[0]
            raise InvalidReference(f"repository name ({_full_path(repo)}) must be lowercase")
        raise InvalidReference()
    name, tag, digest = m.group(1), m.group(2), m.group(3)
    if len(name) > NAME_TOTAL_LENGTH_MAX:
        raise InvalidReference("repository name must not be more than 255 characters")
    domain, path = _split_domain(name)
    return Reference(domain, path, tag, digest)


def _split_domain(name: str) -> tuple[str, str]:
    first, sep, rest = name.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost" or first != first.lower()):
        domain, path = first, rest
    else:
        domain, path = DEFAULT_DOMAIN, name
    if domain == "index.docker.io":
        domain = DEFAULT_DOMAIN
    if domain == DEFAULT_DOMAIN and "/" not in path:
        path = OFFICIAL_PREFIX + path
    return domain, path


def _full_path(repo: str) -> str:
    domain, path = _split_domain(repo)
    return path if domain == DEFAULT_DOMAIN else repo
