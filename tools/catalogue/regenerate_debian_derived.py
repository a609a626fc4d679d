"""python, node and nginx images: the layers their official Dockerfiles add above Debian bookworm."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from tools.catalogue.regenerate_debian_specs import BK, DATE, PATH, Builder, add_user_texts, cpython_entries, h


class PythonRelease(TypedDict):
    version: str
    sha: str
    """The tarball's SHA-256, as the Dockerfile's ``PYTHON_SHA256``."""
    lang: bool
    """Whether the Dockerfile sets ``LANG=C.UTF-8``."""


PYTHONS: list[PythonRelease] = [  # docker-library/python's {3.12,3.13}/slim-bookworm Dockerfiles
    {"version": "3.12.10", "sha": "07ab697474595e06f06647417d3c7fa97ded07afc1a7e4454c5639919b46eaea", "lang": True},
    {"version": "3.13.11", "sha": "16ede7bb7cdbfa895d11b0642fa0e523f291e6487194d53cf6d3b338c3a17ea2", "lang": False},
]
GPG_KEY = "7169605F62C751356D054A26A821E680E5FA6305"
PY_BUILD = ("RUN /bin/sh -c set -eux; \t\tsavedAptMark=\"$(apt-mark showmanual)\"; \tapt-get update; "
            "\tapt-get install -y --no-install-recommends \t\tdpkg-dev \t\tgcc \t\tgnupg ... \t; "
            "\t\twget -O python.tar.xz ...; make install; ... \tpip3 --version # buildkit")
PY_LINKS = ("RUN /bin/sh -c set -eux; \tfor src in idle3 pip3 pydoc3 python3 python3-config; do "
            "\t\tdst=\"$(echo \"$src\" | tr -d 3)\"; \t\t[ -s \"/usr/local/bin/$src\" ]; "
            "\t\t[ ! -e \"/usr/local/bin/$dst\" ]; \t\tln -svT \"$src\" \"/usr/local/bin/$dst\"; \tdone # buildkit")
APT_RUN = ("RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\t{} \t; "
           "\trm -rf /var/lib/apt/lists/* # buildkit")
BUILDPACK = {  # docker-library/buildpack-deps debian/bookworm/{curl,scm,}/Dockerfile
    "curl": ["ca-certificates", "curl", "gnupg", "netbase", "sq", "wget"],
    "scm": ["git", "git-lfs", "mercurial", "openssh-client", "subversion", "procps"],
    "full": """autoconf automake bzip2 dpkg-dev file g++ gcc imagemagick libbz2-dev libc6-dev libcurl4-openssl-dev
libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev libgmp-dev libjpeg-dev libkrb5-dev liblzma-dev
libmagickcore-dev libmagickwand-dev libmaxminddb-dev libncurses5-dev libncursesw5-dev libpng-dev libpq-dev
libreadline-dev libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev libxslt-dev libyaml-dev make patch unzip
xz-utils zlib1g-dev default-libmysqlclient-dev""".split(),
}
NGINX = {"NGINX_VERSION": "1.29.0", "NJS_VERSION": "0.9.0", "NJS_RELEASE": "1~bookworm", "PKG_RELEASE": "1~bookworm",
         "DYNPKG_RELEASE": "1~bookworm"}
NGINX_SCRIPTS = {"/docker-entrypoint.sh": 1620, "/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh": 2125,
                 "/docker-entrypoint.d/15-local-resolvers.envsh": 389,
                 "/docker-entrypoint.d/20-envsubst-on-templates.sh": 3018,
                 "/docker-entrypoint.d/30-tune-worker-processes.sh": 4763}
NODE = {"version": "22.17.1", "yarn": "1.22.22"}
# node-v22 linux-x64 tarball under /usr/local, summarised: (path, size or link target)
NODE_TREE: list[tuple[str, int | str]] = [
    ("/usr/local/bin/node", 118_000_000), ("/usr/local/bin/npm", "../lib/node_modules/npm/bin/npm-cli.js"),
    ("/usr/local/bin/npx", "../lib/node_modules/npm/bin/npx-cli.js"),
    ("/usr/local/bin/corepack", "../lib/node_modules/corepack/dist/corepack.js"),
    ("/usr/local/bin/nodejs", "/usr/local/bin/node"),
    ("/usr/local/CHANGELOG.md", 340_000), ("/usr/local/LICENSE", 115_000), ("/usr/local/README.md", 40_000),
    ("/usr/local/include/node/node.h", 62_000), ("/usr/local/include/node/v8.h", 2_000),
    ("/usr/local/include/node/v8-internal.h", 60_000), ("/usr/local/include/node/uv.h", 70_000),
    ("/usr/local/include/node/openssl/archs/linux-x86_64/asm/include/openssl/opensslconf.h", 5_000_000),
    ("/usr/local/include/node/openssl/ssl.h", 4_000_000),
    ("/usr/local/lib/node_modules/npm/bin/npm-cli.js", 54), ("/usr/local/lib/node_modules/npm/bin/npx-cli.js", 2_900),
    ("/usr/local/lib/node_modules/npm/package.json", 6_000), ("/usr/local/lib/node_modules/npm/lib/npm.js", 4_500_000),
    ("/usr/local/lib/node_modules/npm/node_modules/.package-lock.json", 60_000),
    ("/usr/local/lib/node_modules/npm/node_modules/@npmcli/arborist/lib/index.js", 3_000_000),
    ("/usr/local/lib/node_modules/npm/docs/content/commands/npm.md", 2_500_000),
    ("/usr/local/lib/node_modules/corepack/dist/corepack.js", 70),
    ("/usr/local/lib/node_modules/corepack/dist/lib/corepack.cjs", 1_900_000),
    ("/usr/local/share/doc/node/gdbinit", 2_800), ("/usr/local/share/man/man1/node.1", 28_000),
    ("/usr/local/share/systemtap/tapset/node.stp", 7_400),
]
YARN_TREE: list[tuple[str, int | str]] = [(f"/opt/yarn-v{NODE['yarn']}/{p}", s) for p, s in (
    ("bin/yarn", 1_000), ("bin/yarn.js", 356), ("bin/yarnpkg", 42), ("bin/yarn.cmd", 32), ("lib/cli.js", 5_300_000),
    ("lib/v8-compile-cache.js", 10_000), ("package.json", 270), ("LICENSE", 1_300), ("README.md", 2_400))] + [
    ("/usr/local/bin/yarn", f"/opt/yarn-v{NODE['yarn']}/bin/yarn"),
    ("/usr/local/bin/yarnpkg", f"/opt/yarn-v{NODE['yarn']}/bin/yarnpkg")]


def modelled(tree: Sequence[tuple[str, int | str]]) -> list[list]:
    return [[p, "l", 0o777, 0, 0, 0, v] if isinstance(v, str)
            else [p, "f", 0o755 if "/bin/" in p else 0o644, 0, 0, v, ""] for p, v in tree]


def buildpack(b: Builder, trees: dict, certs: list) -> tuple[list, list, dict]:
    tree = trees["bookworm"]
    layers, history = list(b.images["debian"][0]["layers"]), list(b.images["debian"][0]["history"])
    for step in ("curl", "scm", "full"):
        lid, tree = b.apt_layer(f"buildpack-deps-bookworm-{step}-{DATE}", tree, BUILDPACK[step], False,
                                certs if step == "curl" else ())
        layers.append(lid)
        history.append(h(APT_RUN.format(" \t\t".join(BUILDPACK[step])), comment=BK))
    return layers, history, tree


def python_images(b: Builder, trees: dict, certs: list, bp: tuple) -> None:
    deb_slim = b.images["debian"][1]
    for i, py in enumerate(PYTHONS):
        version = py["version"]
        short = version.rsplit(".", 1)[0]
        env = ["PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
        env += ["LANG=C.UTF-8"] if py["lang"] else []
        env += [f"GPG_KEY={GPG_KEY}", f"PYTHON_VERSION={version}", f"PYTHON_SHA256={py['sha']}"]
        head = [h(f"ENV {e}", True, BK) for e in env[:-3]]
        tail = [h(f"ENV {e}", True, BK) for e in env[-3:]] + [h(PY_BUILD, comment=BK), h(PY_LINKS, comment=BK),
                                                              h('CMD ["python3"]', True, BK)]
        links = [[f"/usr/local/bin/{d}", "l", 0o777, 0, 0, 0, s] for s, d in
                 (("idle3", "idle"), ("pydoc3", "pydoc"), ("python3", "python"), ("python3-config", "python-config"))]
        cfg = {"Env": env, "Cmd": ["python3"]}
        latest = i == len(PYTHONS) - 1
        rt, above = b.apt_layer(f"python-{short}-slim-bookworm-runtime-{DATE}", trees["bookworm-slim"],
                                ["ca-certificates", "netbase", "tzdata"], True, certs)
        cpy = b.layer(f"python-{short}-slim-bookworm-cpython-{DATE}", "CPython modelled on Debian python3.11 files",
                      cpython_entries(b.arc, version), above)
        lk = b.layer(f"python-{short}-slim-bookworm-links-{DATE}", "the symlinks the last RUN makes", links, above)
        tags = [f"{short}-slim", f"{short}-slim-bookworm", f"{version}-slim", f"{version}-slim-bookworm"]
        b.image("python", tags + (["slim", "slim-bookworm"] if latest else []), cfg,
                deb_slim["history"] + head
                + [h(APT_RUN.format("ca-certificates \t\tnetbase \t\ttzdata"), comment=BK)] + tail,
                deb_slim["layers"] + [rt, cpy, lk])
        layers, history, tree = bp
        dev, tree = b.apt_layer(f"python-{short}-bookworm-devdeps-{DATE}", tree,
                                ["libbluetooth-dev", "tk-dev", "uuid-dev"], False)
        full_cpy = b.layer(f"python-{short}-bookworm-cpython-{DATE}", "CPython modelled on Debian python3.11 files",
                           cpython_entries(b.arc, version), tree)
        full_lk = b.layer(f"python-{short}-bookworm-links-{DATE}", "the symlinks the last RUN makes", links, tree)
        tags = [short, f"{short}-bookworm", version, f"{version}-bookworm"]
        b.image("python", tags + (["latest", "bookworm"] if latest else []), cfg,
                history + head + [h(APT_RUN.format("libbluetooth-dev \t\ttk-dev \t\tuuid-dev"), comment=BK)] + tail,
                layers + [dev, full_cpy, full_lk])


def node_images(b: Builder, trees: dict, bp: tuple) -> None:
    users = add_user_texts(trees["bookworm"], "node", 1000, "/home/node", "/bin/bash", "")
    user_layer = [[p, "f", 0o640 if "shadow" in p else 0o644, 0, 42 if "shadow" in p else 0, len(t.encode()), "", t]
                  for p, t in users.items()] + [["/home/node", "d", 0o755, 1000, 1000, 0, ""]] + [
                  [f"/home/node/{n}", "f", 0o644, 1000, 1000, s, ""]
                  for n, s in ((".bash_logout", 220), (".bashrc", 3526), (".profile", 807))]
    env = [PATH, f"NODE_VERSION={NODE['version']}", f"YARN_VERSION={NODE['yarn']}"]
    cfg = {"Env": env, "Entrypoint": ["docker-entrypoint.sh"], "Cmd": ["node"]}
    rows = [h("RUN /bin/sh -c groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash "
              "--create-home node # buildkit", comment=BK),
            h(f"ENV NODE_VERSION={NODE['version']}", True, BK),
            h("RUN /bin/sh -c ARCH= OPENSSL_ARCH= && dpkgArch=\"$(dpkg --print-architecture)\" ... && tar -xJf "
              "\"node-v$NODE_VERSION-linux-$ARCH.tar.xz\" -C /usr/local --strip-components=1 --no-same-owner ... "
              "&& node --version   && npm --version # buildkit", comment=BK),
            h(f"ENV YARN_VERSION={NODE['yarn']}", True, BK),
            h("RUN /bin/sh -c set -ex ... && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/ ... && yarn --version   && "
              "rm -rf /tmp/* # buildkit", comment=BK),
            h("COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", comment=BK),
            h('ENTRYPOINT ["docker-entrypoint.sh"]', True, BK), h('CMD ["node"]', True, BK)]
    entry = [["/usr/local/bin/docker-entrypoint.sh", "f", 0o755, 0, 0, 388, ""]]
    debian_slim = (b.images["debian"][1]["layers"], b.images["debian"][1]["history"], trees["bookworm-slim"])
    for variant, (layers, history, tree) in (("bookworm", bp), ("bookworm-slim", debian_slim)):
        ids = [b.layer(f"node-22-{variant}-{name}-{DATE}", prov, entries, tree) for name, prov, entries in (
            ("user", "groupadd/useradd node: passwd, group, shadow and the home directory", user_layer),
            ("node", "Node.js tarball under /usr/local, summarised in files of about the real sizes",
             modelled(NODE_TREE)),
            ("yarn", "yarn tarball under /opt, summarised in files of about the real sizes", modelled(YARN_TREE)),
            ("entrypoint", "COPY of docker-node's docker-entrypoint.sh", entry))]
        slim = variant.endswith("slim")
        tags = (["22-slim", "lts-slim", "slim", f"{NODE['version']}-slim", "22-bookworm-slim"] if slim
                else ["22", "lts", "jod", NODE["version"], "22-bookworm", "latest"])
        b.image("node", tags, cfg, list(history) + rows, list(layers) + ids)


def nginx_images(b: Builder, trees: dict, certs: list) -> None:
    below = trees["bookworm-slim"]
    users = add_user_texts(below, "nginx", 101, "/nonexistent", "/bin/false", "nginx user")
    user_entries = [[p, "f", 0o640 if "shadow" in p else 0o644, 0, 42 if "shadow" in p else 0, len(t.encode()), "", t]
                    for p, t in users.items()]
    pkgs = ["nginx", "libnginx-mod-http-xslt-filter", "libnginx-mod-http-image-filter", "libnginx-mod-http-geoip",
            "libnginx-mod-http-js", "gettext-base", "curl"]
    run, _ = b.apt_layer(f"nginx-{NGINX['NGINX_VERSION']}-bookworm-run-{DATE}", below, pkgs, True, user_entries + certs)
    deb_slim = b.images["debian"][1]
    layers, history = list(deb_slim["layers"]), list(deb_slim["history"])
    history.append(h('LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>', True, BK))
    history += [h(f"ENV {k}={v}", True, BK) for k, v in NGINX.items()]
    layers.append(run)
    history.append(h("RUN /bin/sh -c set -x     && groupadd --system --gid 101 nginx     "
                     "&& useradd --system --gid nginx --no-create-home --home /nonexistent --comment \"nginx user\" "
                     "--shell /bin/false --uid 101 nginx     && apt-get update     "
                     "&& apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates     "
                     "&& ... && rm -rf /var/lib/apt/lists/* # buildkit", comment=BK))
    for path, size in NGINX_SCRIPTS.items():
        name = path.rsplit("/", 1)[1]
        lid = b.layer(f"nginx-{name.replace('.', '-')}-{DATE}",
                      "COPY of nginxinc/docker-nginx's script (size as in the repository)",
                      [[path, "f", 0o775, 0, 0, size, ""]], below)
        layers.append(lid)
        dest = "/" if path.count("/") == 1 else "/docker-entrypoint.d"
        history.append(h(f"COPY {name} {dest} # buildkit", comment=BK))
    history += [h('ENTRYPOINT ["/docker-entrypoint.sh"]', True, BK), h("EXPOSE map[80/tcp:{}]", True, BK),
                h("STOPSIGNAL SIGQUIT", True, BK), h('CMD ["nginx" "-g" "daemon off;"]', True, BK)]
    cfg = {"Env": [PATH] + [f"{k}={v}" for k, v in NGINX.items()], "Entrypoint": ["/docker-entrypoint.sh"],
           "Cmd": ["nginx", "-g", "daemon off;"], "ExposedPorts": {"80/tcp": {}}, "StopSignal": "SIGQUIT",
           "Labels": {"maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>"}}
    b.image("nginx", ["latest", "mainline", "1", "1.29", NGINX["NGINX_VERSION"], "bookworm",
                      f"{NGINX['NGINX_VERSION']}-bookworm"],
            cfg, history, layers)


def derived_images(b: Builder, trees: dict, certs: list) -> None:
    bp = buildpack(b, trees, certs)
    python_images(b, trees, certs, bp)
    node_images(b, trees, bp)
    nginx_images(b, trees, certs)
