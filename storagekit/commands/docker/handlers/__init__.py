"""The engine side of the ``docker`` client: one handler per command the simulator runs."""

from storagekit.commands.docker.cli import register
from storagekit.commands.docker.handlers import build, images, system

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
register(("image", "save"), system.save)
register(("image", "load"), system.load)
register(("system", "df"), system.system_df)
