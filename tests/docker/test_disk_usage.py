"""``docker system df``'s figures, asked of the engine: shared layers once, what is active, what is reclaimable."""

from __future__ import annotations

from storagekit.docker.build.cache import step_key
from storagekit.docker.disk_usage import UsageRow, system_disk_usage
from storagekit.fs import Blob, Dir, FileSystem


def test_disk_usage_counts_a_shared_layer_once_and_frees_only_what_nothing_uses(bench):
    engine, base = bench.engine, bench.base
    used = engine.create_container(base, "tiny", binds=["logs:/logs"])
    used.rootfs().write("/note", b"n" * 300)
    child = engine.commit_container(used, "child")
    idle = engine.create_container(child, "child")
    idle.rootfs().write("/scratch", b"s" * 40)
    engine.volumes.create("spare")
    bench.fs.write("/var/lib/docker/volumes/spare/_data/f", b"x" * 100)
    bench.fs.write("/var/lib/docker/volumes/logs/_data/f", b"y" * 7)
    orphan = engine.register_layer(Dir(), None)
    FileSystem(orphan.root).write("/tmp", Blob.synthetic(2000, "tmp"))
    engine.cache.put(step_key("", "kept"), base.top_layer, "held by an image", 0)
    engine.cache.put(step_key("", "loose"), orphan, "held by nothing", 0)

    du = system_disk_usage(engine)
    top = child.top_layer.size
    assert du.layers_size == base.size + top
    usage = {u.image.id: (u.size, u.shared_size, u.unique_size, u.containers) for u in du.images}
    assert usage == {base.id: (base.size, base.size, 0, 1), child.id: (base.size + top, base.size, top, 1)}
    assert [(u.container.id, u.size_rw) for u in du.containers] == [(idle.id, 40), (used.id, 300)]
    assert [(u.volume.name, u.ref_count, u.size) for u in du.volumes] == [("logs", 1, 7), ("spare", 0, 100)]
    assert [(c.shared, c.record.size) for c in sorted(du.build_cache, key=lambda c: c.shared)] == \
        [(False, orphan.size), (True, base.top_layer.size)]
    assert du.summary() == [
        UsageRow("Images", 2, 2, base.size + top, base.size),  # docker/cli: only unique bytes of active images stay
        UsageRow("Containers", 2, 0, 340, 340),
        UsageRow("Local Volumes", 2, 1, 107, 100),
        UsageRow("Build Cache", 2, 0, orphan.size + base.top_layer.size, orphan.size),
    ]
