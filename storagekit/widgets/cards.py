"""Editable cards for Kubernetes objects: a form per PersistentVolume or claim, applied with kubectl.

A card holds what a learner would write in a manifest, in fields; Apply
turns it into YAML and runs ``kubectl apply -f -`` with it as a
here-document, so the transcript shows the manifest and the API server's
answer. The card's status line reads the object back from the cluster.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import yaml

from storagekit.commands.prompt import heredoc
from storagekit.k8s import claims
from storagekit.widgets.base import button, on_enter

MODES = (("RWO", "ReadWriteOnce"), ("ROX", "ReadOnlyMany"), ("RWX", "ReadWriteMany"), ("RWOP", "ReadWriteOncePod"))
OMIT, EMPTY = "(omit)", '""'
"""A claim's storageClassName choices besides a class name: leave the field out (the default class may be
filled in), or the empty string (no class at all)."""


def parse_labels(text: str) -> dict[str, str]:
    """``tier=gold, zone=a`` as a label map (what a learner types for labels or a selector's matchLabels)."""
    pairs = (item.partition("=") for item in text.replace(" ", "").split(",") if item)
    return {k: v for k, _eq, v in pairs if k}


def format_labels(labels: dict | None) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted((labels or {}).items()))


def field(w: widgets.Widget) -> widgets.Widget:
    """A card's field: a narrow label, the input filling its half of the card."""
    w.style.description_width = "6.5em"
    w.layout = widgets.Layout(width="100%", min_width="0")
    return w


def manifest(obj: dict) -> str:
    return yaml.safe_dump(obj, sort_keys=False, default_flow_style=False)


class ModeButtons(widgets.HBox):
    """Access modes as four toggles, in ``kubectl get``'s short names."""

    def __init__(self, modes: tuple[str, ...] = ("ReadWriteOnce",)) -> None:
        self.toggles = {full: widgets.ToggleButton(value=full in modes, description=short, tooltip=full,
                                                   layout=widgets.Layout(width="4.8em"))
                        for short, full in MODES}
        super().__init__([widgets.Label("access modes", layout=widgets.Layout(width="7em")), *self.toggles.values()],
                         layout=widgets.Layout(margin="2px 0"))

    @property
    def value(self) -> list[str]:
        return [full for full, t in self.toggles.items() if t.value]

    @value.setter
    def value(self, modes) -> None:
        for full, t in self.toggles.items():
            t.value = full in modes


class ObjectCard(widgets.VBox):
    """One PersistentVolume or PersistentVolumeClaim as a form, with Apply and Delete."""

    kind = ""
    short = ""

    def __init__(self, lab, name: str, size: str, modes: tuple[str, ...], storage_class: str) -> None:
        self.lab = lab
        self.name = field(widgets.Text(value=name, description="name"))
        self.size = field(widgets.Text(value=size, description=self.size_label))
        self.modes = ModeButtons(modes)
        self.volume_mode = field(widgets.Dropdown(options=["Filesystem", "Block"], description="volumeMode"))
        self.status = widgets.HTML()
        self.apply_button = button("Apply", self.apply, tooltip=f"kubectl apply this {self.kind}")
        self.delete_button = button("Delete", self.delete, tooltip=f"kubectl delete {self.short}")
        self.storage_class = self.class_field(storage_class)
        grid = widgets.GridBox([self.name, self.size, self.storage_class, self.volume_mode, *self.extra_fields()],
                               layout=widgets.Layout(grid_template_columns="minmax(0, 1fr) minmax(0, 1fr)",
                                                     grid_gap="2px 8px"))
        super().__init__([
            widgets.HBox([widgets.HTML(f"<b>{self.kind}</b>"), self.status], layout=widgets.Layout(
                justify_content="space-between")),
            grid, self.modes, widgets.HBox([self.apply_button, self.delete_button]),
        ], layout=widgets.Layout(border="1px solid #bbbbbb", padding="4px 8px", margin="4px 8px 4px 0",
                                 flex="1 1 420px", max_width="560px"))
        self.add_class("sk-card")
        for w in (self.name, self.size, self.storage_class, *self.extra_fields()):
            if isinstance(w, widgets.Text):
                on_enter(w, self.apply)

    # what the kinds differ in
    size_label = ""

    def class_field(self, value: str) -> widgets.Widget:
        return field(widgets.Text(value=value, description="class"))

    def extra_fields(self) -> list[widgets.Widget]:
        return []

    def to_object(self) -> dict:
        raise NotImplementedError

    def fill(self, obj: dict) -> None:
        raise NotImplementedError

    def lookup(self) -> dict | None:
        return self.lab.target.state.store.get(self.kind, self.name.value.strip(), self.namespace)

    namespace = ""

    # the card's buttons

    def apply(self) -> None:
        with self.lab.action(f"apply {self.short} {self.name.value}"):
            self.lab.run(heredoc("kubectl apply -f -", manifest(self.to_object())))
            self.lab.report()

    def delete(self) -> None:
        with self.lab.action(f"delete {self.short} {self.name.value}"):
            self.lab.run(f"kubectl delete {self.short} {self.name.value.strip()}")
            self.lab.report()

    def show_status(self) -> None:
        obj = self.lookup()
        if obj is None:
            self.status.value = '<span style="color:#555555">not in the cluster</span>'
            return
        phase = "Terminating" if obj["metadata"].get("deletionTimestamp") else (obj.get("status") or {}).get("phase", "")
        colour = {"Terminating": "#a33b00", "Bound": "#00704f", "Available": "#333333", "Pending": "#a33b00", "Released": "#8a5a00",
                  "Failed": "#a33b00"}.get(phase, "#333333")
        partner = self.partner(obj)
        self.status.value = (f'<span style="color:{colour}; font-weight:600">{html.escape(phase)}</span>'
                             + (f" to <code>{html.escape(partner)}</code>" if partner else ""))

    def partner(self, obj: dict) -> str:
        return ""


class VolumeCard(ObjectCard):
    kind, short, size_label = "PersistentVolume", "pv", "capacity"

    def __init__(self, lab, name: str = "pv-new", size: str = "1Gi", modes: tuple[str, ...] = ("ReadWriteOnce",),
                 storage_class: str = "manual", labels: str = "", reclaim: str = "Retain") -> None:
        self.labels = field(widgets.Text(value=labels, description="labels", placeholder="tier=gold"))
        self.reclaim = field(widgets.Dropdown(options=["Retain", "Delete", "Recycle"], value=reclaim,
                                              description="reclaim"))
        super().__init__(lab, name, size, modes, storage_class)

    def extra_fields(self) -> list[widgets.Widget]:
        return [self.labels, self.reclaim]

    def to_object(self) -> dict:
        name = self.name.value.strip()
        meta: dict = {"name": name}
        if self.labels.value.strip():
            meta["labels"] = parse_labels(self.labels.value)
        spec: dict = {"capacity": {"storage": self.size.value.strip()}, "accessModes": self.modes.value,
                      "persistentVolumeReclaimPolicy": self.reclaim.value}
        if self.volume_mode.value != "Filesystem":
            spec["volumeMode"] = self.volume_mode.value
        if self.storage_class.value.strip():
            spec["storageClassName"] = self.storage_class.value.strip()
        spec["hostPath"] = {"path": f"/mnt/data/{name}"}
        return {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": meta, "spec": spec}

    def fill(self, obj: dict) -> None:
        spec = obj["spec"]
        self.name.value = obj["metadata"]["name"]
        self.size.value = str((spec.get("capacity") or {}).get("storage", ""))
        self.modes.value = claims.modes(obj)
        self.storage_class.value = spec.get("storageClassName") or ""
        self.volume_mode.value = claims.volume_mode(obj)
        self.labels.value = format_labels(obj["metadata"].get("labels"))
        self.reclaim.value = spec.get("persistentVolumeReclaimPolicy", "Retain")

    def partner(self, obj: dict) -> str:
        ref = obj["spec"].get("claimRef") or {}
        return f"{ref.get('namespace', '')}/{ref['name']}" if ref.get("name") else ""


class ClaimCard(ObjectCard):
    kind, short, size_label, namespace = "PersistentVolumeClaim", "pvc", "request", "default"

    def __init__(self, lab, name: str = "claim", size: str = "1Gi", modes: tuple[str, ...] = ("ReadWriteOnce",),
                 storage_class: str = "manual", selector: str = "", volume_name: str = "") -> None:
        self.selector = field(widgets.Text(value=selector, description="selector", placeholder="tier=gold"))
        self.volume_name = field(widgets.Text(value=volume_name, description="volumeName", placeholder="(any)"))
        super().__init__(lab, name, size, modes, storage_class)

    def class_field(self, value: str) -> widgets.Widget:
        return field(widgets.Combobox(value=value, options=[OMIT, EMPTY, "manual"], description="class",
                                      ensure_option=False))

    def extra_fields(self) -> list[widgets.Widget]:
        return [self.selector, self.volume_name]

    def to_object(self) -> dict:
        spec: dict = {"accessModes": self.modes.value, "resources": {"requests": {"storage": self.size.value.strip()}}}
        if self.volume_mode.value != "Filesystem":
            spec["volumeMode"] = self.volume_mode.value
        chosen = self.storage_class.value.strip()
        if chosen != OMIT:
            spec["storageClassName"] = "" if chosen in (EMPTY, "") else chosen
        if self.selector.value.strip():
            spec["selector"] = {"matchLabels": parse_labels(self.selector.value)}
        if self.volume_name.value.strip():
            spec["volumeName"] = self.volume_name.value.strip()
        return {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                "metadata": {"name": self.name.value.strip(), "namespace": self.namespace}, "spec": spec}

    def fill(self, obj: dict) -> None:
        spec = obj["spec"]
        self.name.value = obj["metadata"]["name"]
        self.size.value = str(((spec.get("resources") or {}).get("requests") or {}).get("storage", ""))
        self.modes.value = claims.modes(obj)
        self.storage_class.value = OMIT if "storageClassName" not in spec else (spec["storageClassName"] or EMPTY)
        self.volume_mode.value = claims.volume_mode(obj)
        self.selector.value = format_labels((spec.get("selector") or {}).get("matchLabels"))
        self.volume_name.value = spec.get("volumeName") or ""

    def partner(self, obj: dict) -> str:
        return obj["spec"].get("volumeName") or ""
