"""BindingLab: PersistentVolumes and claims as cards; apply, edit, delete, and see what binds to what, and why.

The start is static provisioning as the Kubernetes docs teach it: two
volumes of class ``manual`` and one claim that fits only the larger. Every
card field is a manifest field (capacity, access modes, class, labels and
selector, volumeMode, volumeName); Apply runs ``kubectl apply``. With
"step the controllers by hand" on, kubectl leaves the cluster as it found
it, and each Step runs one round of every controller and says what each
wrote.
"""

from __future__ import annotations

import ipywidgets as widgets

from storagekit.commands.prompt import heredoc
from storagekit.widgets.base import Lab, button, heading, pre, replace_options, row
from storagekit.widgets.cards import ClaimCard, VolumeCard, manifest

START_VOLUMES = [("pv-small", "1Gi", ("ReadWriteOnce",), "manual", ""),
                 ("pv-large", "5Gi", ("ReadWriteOnce", "ReadWriteMany"), "manual", "tier=gold")]
"""(name, capacity, access modes, class, labels) of the volumes a fresh lab starts with."""
START_CLAIMS = [("data", "2Gi", ("ReadWriteOnce",), "manual", "")]
"""(name, request, access modes, class, selector)"""


class BindingLab(Lab):
    """Edit PersistentVolumes and claims and watch the PV controller bind them (or say why not).

    In a notebook::

        lab = BindingLab()                 # pv-small (1Gi), pv-large (5Gi), claim data (2Gi): data binds pv-large
        card = lab.claim_cards[0]; card.size.value = "512Mi"; card.apply_button.click()
    """

    title = "Volumes and claims: which claim binds to which volume, and why not the others?"

    def __init__(self, cluster=None) -> None:
        from storagekit import Cluster

        cluster = cluster if cluster is not None else Cluster(nodes=["node1"])
        setup = []
        store = cluster.state.store
        if not store.list("PersistentVolume") and not store.list("PersistentVolumeClaim"):
            objects = [VolumeCard(self, *row).to_object() for row in START_VOLUMES]
            objects += [ClaimCard(self, *row).to_object() for row in START_CLAIMS]
            setup = [heredoc("kubectl apply -f -", "---\n".join(manifest(o) for o in objects)), "kubectl get pv,pvc"]
        self.volume_cards: list[VolumeCard] = []
        self.claim_cards: list[ClaimCard] = []
        self.volumes_box, self.claims_box = row(), row()
        self.add_volume_button = button("+ volume", lambda: self._add(VolumeCard(self, name="pv-new")))
        self.add_claim_button = button("+ claim", lambda: self._add(ClaimCard(self, name="claim-new")))
        self.stepping = widgets.Checkbox(description="step the controllers by hand", indent=False)
        self.step_button = button("Step: one controller round", self.step, tooltip="cluster.step()")
        self.round = widgets.HTML()
        self._round = None
        """The last controller round (:meth:`storagekit.Cluster.step`), drawn when the picture asks for it."""
        self.focus = widgets.Dropdown(options=[("the whole cluster", "")], description="Draw")
        self.picture = widgets.ToggleButtons(options=[("Bindings", "storage"), ("Last controller round", "round")],
                                             tooltips=["cluster_storage: why each claim is bound, or not",
                                                       "controller_round: what each controller wrote"])
        self.focus.observe(self._redraw_view, "value")
        self.picture.observe(self._redraw_view, "value")
        self._loading = False
        self.stepping.observe(self._toggle_stepping, "value")
        self.target = cluster
        super().__init__(cluster, [
            self.focus, self.picture, heading("Controllers"), self.stepping, self.step_button, self.round,
        ], setup=setup, top=[
            heading("PersistentVolumes"), self.volumes_box, row(self.add_volume_button),
            heading("PersistentVolumeClaims (namespace default)"), self.claims_box, row(self.add_claim_button),
        ])

    # ------------------------------------------------------------ actions

    def report(self) -> None:
        self.run("kubectl get pv,pvc")

    def step(self) -> None:
        with self.action("one controller round"):
            self._round = self.target.step()
            self.round.value = pre(str(self._round))
            self.report()

    def _toggle_stepping(self, change) -> None:
        if self._loading:
            return
        with self.action("step by hand" if change["new"] else "controllers run by themselves"):
            self.target.stepping = change["new"]
            self.round.value, self._round = "", None
            if not change["new"]:
                self.target.settle()
                self.report()

    def _redraw_view(self, _change=None) -> None:
        self._redraw()

    def _add(self, card) -> None:
        (self.volume_cards if isinstance(card, VolumeCard) else self.claim_cards).append(card)
        self._show_cards()
        card.show_status()

    def _show_cards(self) -> None:
        self.volumes_box.children = self.volume_cards
        self.claims_box.children = self.claim_cards
        self.step_button.disabled = not self.target.stepping

    # ------------------------------------------------------------ views

    def draw(self):
        from storagekit import viz

        if self.picture.value == "round" and self._round is not None:
            return viz.controller_round(self.target, self._round)
        return viz.cluster_storage(self.target, focus=self.focus.value or None)

    def view(self) -> dict:
        return {**super().view(), "round": self._round}

    def show(self, view: dict) -> None:
        super().show(view)
        self._round = view.get("round")
        self.round.value = pre(str(self._round)) if self._round is not None else ""

    def load(self) -> None:
        """One card per object in the cluster, filled from it (unsaved edits go)."""
        store = self.target.state.store
        self.volume_cards, self.claim_cards = [], []
        for pv in store.list("PersistentVolume"):
            self.volume_cards.append(VolumeCard(self))
            self.volume_cards[-1].fill(pv)
        for pvc in store.list("PersistentVolumeClaim", "default"):
            self.claim_cards.append(ClaimCard(self))
            self.claim_cards[-1].fill(pvc)
        self._loading = True
        self.stepping.value = self.target.stepping
        self._loading = False

    def refresh(self) -> None:
        """Status lines from the cluster; a card for each object that appeared (a provisioned volume, say)."""
        store = self.target.state.store
        shown = {("PersistentVolume", c.name.value) for c in self.volume_cards}
        shown |= {("PersistentVolumeClaim", c.name.value) for c in self.claim_cards}
        for kind, cards, card_type, namespace in (("PersistentVolume", self.volume_cards, VolumeCard, None),
                                                  ("PersistentVolumeClaim", self.claim_cards, ClaimCard, "default")):
            for obj in store.list(kind, namespace):
                if (kind, obj["metadata"]["name"]) not in shown:
                    cards.append(card_type(self))
                    cards[-1].fill(obj)
        for card in [*self.volume_cards, *self.claim_cards]:
            card.show_status()
        self._show_cards()
        objects = [f"pvc/{o['metadata']['name']}" for o in store.list("PersistentVolumeClaim", "default")]
        objects += [f"pv/{o['metadata']['name']}" for o in store.list("PersistentVolume")]
        replace_options(self.focus, [("the whole cluster", ""), *((f"around {o}", o) for o in objects)],
                        self._redraw_view)
        self.picture.disabled = self._round is None
