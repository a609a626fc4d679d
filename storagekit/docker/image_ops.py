"""Image operations of the daemon: inspect, delete (``docker rmi``) and prune.

Mixed into :class:`storagekit.docker.engine.DockerEngine`, after moby's
``daemon/images`` (``image_inspect.go``, ``image_delete.go``,
``image_prune.go``). Deleting follows moby's conflict rules: a *hard* conflict
(a child image, a running container) refuses even ``-f``; a *soft* one (another
tag, a stopped container) gives way to ``-f``.
"""

from __future__ import annotations

from storagekit.docker import apitypes, sizes
from storagekit.docker import reference as refs
from storagekit.docker.errors import ImageDeleteConflict, ImageInUse, RepositoryReferenceInUse
from storagekit.docker.images import Image
from storagekit.docker.layers import Layer
from storagekit.docker.state import EngineState
from storagekit.sim.clock import rfc3339

NEVER = "0001-01-01T00:00:00Z"
"""Go's zero time, as the API shows a time that was never set."""


class ImageOps(EngineState):

    def containers_using(self, image: Image) -> list:
        return self.containers.using_image(image)

    def image_json(self, image: Image) -> dict:
        """``GET /images/{name}/json`` (API 1.51), the document ``docker image inspect`` prints."""
        config = image.config
        return apitypes.struct("ImageInspect", {
            "Id": image.id,
            "RepoTags": self.images.tags_of(image.id),
            "RepoDigests": list(image.repo_digests),
            "Parent": image.parent,
            "Comment": config.get("comment", ""),
            "Created": config.get("created", ""),
            "DockerVersion": config.get("docker_version", ""),
            "Author": config.get("author", ""),
            "Config": config.get("config") or {},
            "Architecture": config.get("architecture", ""),
            "Os": config.get("os", ""),
            "Size": sizes.inspect_size(self, image),
            "GraphDriver": {"Data": self.graph.image_data(list(image.layers)), "Name": self.graph.name},
            "RootFS": {"Type": "layers", "Layers": list(config.get("rootfs", {}).get("diff_ids", []))},
            "Metadata": {"LastTagTime": rfc3339(image.last_tag_time, nanos=True) if image.last_tag_time else NEVER},
        })

    def remove_reference(self, text: str, force: bool) -> list[tuple[str, str]]:
        """``docker rmi``: untag, and delete the image once it has no tags left; returns printed rows."""
        image = self.images.resolve(text)
        tags = [t for t, i in self.images.tags.items() if i == image.id]
        by_id = image.id.startswith(text) or image.id[7:].startswith(text) or text.startswith("sha256:")
        users = sorted(self.containers_using(image), key=lambda c: (not c.running, c.id))
        if users and by_id and (users[0].running or not force):
            raise ImageInUse(image.id, users[0].id, running=users[0].running)
        if users and not by_id and len(tags) <= 1 and not force:
            raise RepositoryReferenceInUse(text, users[0].id, image.id)
        rows: list[tuple[str, str]] = []
        if not by_id:
            ref = refs.parse(text).with_default_tag()
            self.images.untag(ref)
            self.log_image_event(image.id, image.id, "untag")
            rows.append(("Untagged", str(ref)))
            if len(tags) > 1:
                self._write_repositories()
                return rows
        else:
            if self.images.children(image.id):
                raise ImageDeleteConflict(image.id, "image has dependent child images", hard=True)
            if len(tags) > 1 and not force:
                raise ImageDeleteConflict(image.id, "image is referenced in multiple repositories", hard=False)
            for key in sorted(tags):
                self.images.tags.pop(key)
                self.log_image_event(image.id, image.id, "untag")
                rows.append(("Untagged", str(refs.parse(key))))
        if self.images.children(image.id) or users:
            self._write_repositories()
            return rows
        for d in image.repo_digests:
            rows.append(("Untagged", d))
        before = {lay.chain_id for lay in image.layers}
        freed: list[Layer] = self.delete_image(image)
        self.log_image_event(image.id, image.id, "delete")
        rows.append(("Deleted", image.id))
        rows.extend(("Deleted", lay.chain_id) for lay in reversed(freed) if lay.chain_id in before)
        return rows

    def prune_images(self, dangling_only: bool = True) -> tuple[list[tuple[str, str]], int]:
        """``docker image prune``: delete dangling images (or, with ``-a``, all unused ones)."""
        rows: list[tuple[str, str]] = []
        reclaimed = 0
        changed = True
        while changed:
            changed = False
            for image in sorted(self.images.images.values(), key=lambda i: i.id):
                tags = self.images.tags_of(image.id)
                if (dangling_only and tags) or self.images.children(image.id) or self.containers_using(image):
                    continue
                for t in tags:
                    self.images.untag(refs.parse(t))
                    self.log_image_event(image.id, image.id, "untag")
                    rows.append(("untagged", t))
                for d in image.repo_digests:
                    rows.append(("untagged", d))
                freed = self.delete_image(image)
                self.log_image_event(image.id, image.id, "delete")
                rows.append(("deleted", image.id))
                rows.extend(("deleted", lay.chain_id) for lay in reversed(freed))
                reclaimed += sum(lay.size for lay in freed)
                changed = True
                break
        self.events_service.log("prune", "image", "", {"reclaimed": str(reclaimed)})
        return rows, reclaimed
