"""``kubectl get --sort-by``: numbers, quantities, timestamps and names in kubectl's order, and its refusals."""

from __future__ import annotations

import pytest

import storagekit as sk

VOLUMES = [("pv-10", "10Gi"), ("pv-9", "500Mi"), ("pv-1", "2Gi"), ("pv-a", "1500M")]


@pytest.fixture(scope="module")
def cluster():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.write("pv.yaml", "---\n".join(
        f"apiVersion: v1\nkind: PersistentVolume\nmetadata: {{name: {name}}}\nspec: {{capacity: {{storage: {size}}},"
        f" accessModes: [ReadWriteOnce], hostPath: {{path: /d/{name}}}, storageClassName: manual}}\n"
        for name, size in VOLUMES))
    assert cluster.sh("kubectl apply -f pv.yaml").code == 0
    assert cluster.sh("kubectl label pv pv-1 tier=b && kubectl label pv pv-9 tier=a").code == 0
    return cluster


@pytest.mark.parametrize("field, order", [
    (".spec.capacity.storage", ["pv-9", "pv-a", "pv-1", "pv-10"]),  # as quantities
    ("metadata.name", ["pv-1", "pv-9", "pv-10", "pv-a"]),  # natural order
    ("{.metadata.resourceVersion}", ["pv-10", "pv-a", "pv-1", "pv-9"]),  # numbers in strings, labelled last
    (".metadata.labels.tier", ["pv-a", "pv-10", "pv-9", "pv-1"]),  # the unlabelled first (swapped as Go's sort does)
])
def test_sort_by(cluster, field, order):
    r = cluster.sh(f"kubectl get pv --sort-by={field} -o name")
    assert r.out.split() == [f"persistentvolume/{n}" for n in order]
    table = cluster.sh(f"kubectl get pv --sort-by={field} --no-headers").out
    assert [line.split()[0] for line in table.splitlines()] == order


@pytest.mark.parametrize("field, err", [
    (".spec.nothing", 'error: couldn\'t find any field with path "{.spec.nothing}" in the list of objects\n'),
    (".spec.accessModes", "[storagekit] kubectl stops with a fatal error here: the values of {.spec.accessModes} "
                          "(list) cannot be sorted.\n"),
])
def test_what_cannot_be_sorted(cluster, field, err):
    r = cluster.sh(f"kubectl get pv --sort-by={field}")
    assert (r.code, r.out, r.err) == (1, "", err)
