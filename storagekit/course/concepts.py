"""The concepts the course teaches, in the modules that teach them, and the notebook of each module.

The ids are those of the course's concept matrix (``D`` for Docker, ``K`` for
Kubernetes). Notebook cells name them in their metadata, exercises name them
in their data, and the tests check that every concept is explained, drawn,
tried and checked somewhere in the course.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    notebook: str
    """The notebook's file name under ``notebooks/``, without ``.ipynb``."""


@dataclass(frozen=True)
class Concept:
    id: str
    title: str

    @property
    def module(self) -> str:
        return self.id.split(".")[0]


MODULES: dict[str, Module] = {m.id: m for m in [
    Module("D1", "Where container data lives", "01-where-container-data-lives"),
    Module("D2", "Images and layers", "02-images-and-layers"),
    Module("D3", "The build cache", "03-build-cache"),
    Module("D4", "The container layer and copy-on-write", "04-copy-on-write"),
    Module("D5", "Inside /var/lib/docker", "05-inside-var-lib-docker"),
    Module("D6", "Volumes", "06-volumes"),
    Module("D7", "Bind mounts, tmpfs and mount syntax", "07-bind-mounts-and-tmpfs"),
    Module("D8", "Storage drivers", "08-storage-drivers"),
    Module("D9", "Disk usage and cleanup", "09-disk-usage-and-cleanup"),
    Module("K1", "Volumes inside Pods", "10-volumes-in-pods"),
    Module("K2", "PersistentVolumes and claims", "11-persistent-volumes-and-claims"),
    Module("K3", "Access modes", "12-access-modes"),
    Module("K4", "StorageClasses and dynamic provisioning", "13-storage-classes"),
    Module("K5", "Reclaiming storage", "14-reclaiming-storage"),
    Module("K6", "Storage for workloads", "15-storage-for-workloads"),
]}

CONCEPTS: dict[str, Concept] = {c.id: c for c in [
    Concept("D1.1", "Two kinds of Docker storage: mounts that keep data, the backend that keeps layers"),
    Concept("D1.2", "A container writes into its own writable layer, which goes with the container"),
    Concept("D2.1", "Instructions that change files add a layer; metadata instructions add none"),
    Concept("D2.2", "A layer records differences: deleting in a later layer does not shrink the image"),
    Concept("D2.3", "Images built on one base share its layers, stored and pulled once"),
    Concept("D2.4", "Layer ids are digests: DiffID, ChainID, registry digest, image id"),
    Concept("D3.1", "The first cache miss rebuilds every later step"),
    Concept("D3.2", "COPY and ADD are keyed on the files' content and metadata, not their mtime"),
    Concept("D3.3", "RUN is keyed on its text: stale steps, --no-cache, build args and secrets"),
    Concept("D3.4", "Order instructions from least to most often changed"),
    Concept("D4.1", "A container is the image's read-only layers plus one thin writable layer"),
    Concept("D4.2", "docker ps -s: size and virtual size"),
    Concept("D4.3", "The first write to a lower file copies the whole file up"),
    Concept("D4.4", "Whiteouts, opaque directories and EXDEV on rename"),
    Concept("D4.5", "stop keeps the writable layer, rm deletes it; write-heavy data belongs in volumes"),
    Concept("D5.1", "The data root, /var/lib/docker, belongs to the daemon"),
    Concept("D5.2", "overlay2/: a directory per layer named by cache id, diff/, link, lower, l/"),
    Concept("D5.3", "layerdb: ChainID to DiffID, cache id, parent, size; mounts/ for containers"),
    Concept("D5.4", "A running container is an overlay mount: lowerdirs, the init layer, upperdir, merged"),
    Concept("D5.5", "Engine 29's containerd image store: snapshotters instead of overlay2 folders"),
    Concept("D6.1", "A volume lives apart from containers and is the preferred way to keep data"),
    Concept("D6.2", "docker volume create, ls, inspect, rm; the Mountpoint under volumes/"),
    Concept("D6.3", "Mounting a volume that does not exist creates it"),
    Concept("D6.4", "Named and anonymous volumes; --rm and rm -v"),
    Concept("D6.5", "An empty volume is filled from the image; a full one hides it; volume-nocopy"),
    Concept("D6.6", "One volume in several containers, read-write or read-only"),
    Concept("D6.7", "A volume in use cannot be removed"),
    Concept("D6.8", "Volume drivers and the local driver's NFS options"),
    Concept("D6.9", "A Dockerfile VOLUME gives every container an anonymous volume"),
    Concept("D6.10", "Backing up and restoring a volume with --volumes-from; Compose volumes"),
    Concept("D7.1", "A bind mount maps a host path: same bytes, not managed by Docker"),
    Concept("D7.2", "-v creates a missing host path; --mount refuses it"),
    Concept("D7.3", "A bind mount hides what the image had there"),
    Concept("D7.4", "Read-write by default; ro, --read-only and propagation"),
    Concept("D7.5", "tmpfs mounts live in memory and go when the container stops"),
    Concept("D7.6", "-v packs fields by position, --mount names them"),
    Concept("D8.1", "Storage drivers implement layers and copy-on-write: overlay2 and the others"),
    Concept("D8.2", "aufs, overlay and devicemapper were removed"),
    Concept("D8.3", "How the daemon picks a driver"),
    Concept("D8.4", "The backing filesystem decides which drivers work"),
    Concept("D8.5", "File-level and block-level copy-on-write"),
    Concept("D8.6", "Switching the driver hides images and containers without deleting them"),
    Concept("D9.1", "docker system df and the prune commands"),
    Concept("K1.1", "Pod volumes outlive container restarts: volumes and volumeMounts"),
    Concept("K1.2", "emptyDir lives and dies with the Pod on its node"),
    Concept("K1.3", "hostPath mounts a node's directory: one node's data, a security risk"),
    Concept("K1.4", "configMap, secret, downwardAPI and projected volumes"),
    Concept("K1.5", "Generic ephemeral volumes: a per-Pod claim deleted with the Pod"),
    Concept("K2.1", "PersistentVolumes are cluster storage; claims are namespaced requests"),
    Concept("K2.2", "Static and dynamic provisioning"),
    Concept("K2.3", "The binder pairs each claim with one volume, preferring the smallest that fits"),
    Concept("K2.4", "What makes a volume match a claim"),
    Concept("K2.5", "A claim without a match stays Pending; the phases of volumes and claims"),
    Concept("K2.6", "Pre-binding with volumeName and claimRef"),
    Concept("K2.7", "A Pod names a claim in its own namespace"),
    Concept("K2.8", "Storage object in use protection"),
    Concept("K2.9", "Expanding a claim"),
    Concept("K3.1", "ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod"),
    Concept("K3.2", "Each volume type supports some modes; modes are not write protection"),
    Concept("K3.3", "Multi-Attach errors and how to avoid them"),
    Concept("K4.1", "A StorageClass: provisioner, parameters, reclaimPolicy, expansion, binding mode"),
    Concept("K4.2", "Dynamic provisioning creates a volume for a claim"),
    Concept("K4.3", "The default StorageClass"),
    Concept("K4.4", "storageClassName: \"\" versus no class at all"),
    Concept("K4.5", "Immediate versus WaitForFirstConsumer binding"),
    Concept("K4.6", "CSI drivers, snapshots and clones"),
    Concept("K5.1", "Reclaim policies: Retain, Delete, Recycle"),
    Concept("K6.1", "The static flow end to end: PV, claim, Pod, and cleanup in order"),
    Concept("K6.2", "A Deployment's replicas share one claim"),
    Concept("K6.3", "A StatefulSet gives each replica its own claim"),
]}

ROLES = ("explain", "draw", "try", "check")
"""What a notebook cell does for its concepts; the course does all four for every concept."""


def concepts_of(module: str) -> list[Concept]:
    return [c for c in CONCEPTS.values() if c.module == module]
