"""The engine side of the ``docker`` client: one handler per command the simulator runs."""

from storagekit.commands.docker.cli import register
from storagekit.commands.docker.handlers import build, containers, images, system, transfer

register(("buildx", "build"), build.build)
register(("image", "build"), build.build)
register(("buildx", "prune"), build.buildx_prune)
register(("builder", "prune"), system.builder_prune)
register(("inspect",), images.inspect)
register(("image", "ls"), images.images)
register(("image", "history"), images.history)
register(("image", "inspect"), images.image_inspect)
register(("image", "tag"), images.tag)
register(("image", "rm"), images.rmi)
register(("image", "pull"), images.pull)
register(("image", "prune"), system.image_prune)
register(("image", "save"), transfer.save)
register(("image", "load"), transfer.load)
register(("system", "df"), system.system_df)
register(("system", "prune"), system.system_prune)
register(("container", "run"), containers.run)
register(("container", "create"), containers.create)
register(("container", "start"), containers.start)
register(("container", "stop"), containers.stop)
register(("container", "restart"), containers.restart)
register(("container", "kill"), containers.kill)
register(("container", "rm"), containers.rm)
register(("container", "rename"), containers.rename)
register(("container", "ls"), containers.ps)
register(("container", "exec"), containers.exec_)
register(("container", "diff"), containers.diff)
register(("container", "logs"), containers.logs)
register(("container", "inspect"), containers.container_inspect)
register(("container", "prune"), containers.prune)
register(("container", "commit"), containers.commit)
register(("container", "cp"), transfer.cp)
register(("container", "export"), transfer.export)
register(("image", "import"), transfer.import_)

from storagekit.commands.docker.handlers import info, volumes  # noqa: E402

register(("system", "info"), info.system_info)
register(("volume", "create"), volumes.create)
register(("volume", "ls"), volumes.ls)
register(("volume", "inspect"), volumes.inspect)
register(("volume", "rm"), volumes.rm)
register(("volume", "prune"), volumes.prune)

from storagekit.commands.docker.handlers import version  # noqa: E402

register(("version",), version.version)

from storagekit.commands.docker.handlers import ports  # noqa: E402

register(("container", "port"), ports.port)

from storagekit.commands.docker.handlers import stats  # noqa: E402

register(("container", "stats"), stats.stats)

from storagekit.commands.docker.handlers import top  # noqa: E402

register(("container", "top"), top.top)

from storagekit.commands.docker.handlers import events  # noqa: E402

register(("system", "events"), events.events)
