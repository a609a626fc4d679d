"""Every Kubernetes picture of every course scenario: its DOT source against the golden file, and a render.

Re-record the golden files after a deliberate change: ``make record-golden`` (then review the diff).
"""

from __future__ import annotations

import pytest

from storagekit import viz
from tests.viz.dot import golden
from tests.viz.k8s import scenarios as s

PICTURES = {"cluster_storage": viz.cluster_storage, "pod_attachments": viz.pod_attachments}


@pytest.mark.parametrize("picture", sorted(PICTURES))
@pytest.mark.parametrize("name", sorted(s.SCENARIOS))
def test_golden(name, picture):
    golden("k8s", f"{name}-{picture}", PICTURES[picture](s.SCENARIOS[name]()).source)


@pytest.mark.exe
@pytest.mark.parametrize("picture", sorted(PICTURES))
def test_every_scenario_renders(picture):
    for build in s.SCENARIOS.values():
        assert "<svg" in PICTURES[picture](build()).svg()
