"""Services (the headless one a StatefulSet names), ``get all``, ``api-resources`` and custom columns."""

from __future__ import annotations

import pytest

import storagekit as sk
from tests.k8s.manifests import DOCS_WEB


@pytest.fixture
def kind():
    return sk.Cluster.kind()


def test_get_all_on_a_fresh_cluster_shows_the_api_servers_service(kind):
    assert kind.sh("kubectl get all").out == (
        "NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
        "service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   1s\n")


def test_the_statefulset_tutorial_with_its_headless_service(kind):
    kind.write("web.yaml", DOCS_WEB)
    assert kind.sh("kubectl apply -f web.yaml").out == "service/nginx created\nstatefulset.apps/web created\n"
    assert kind.sh("kubectl get svc nginx").out.splitlines()[1].split()[:5] == ["nginx", "ClusterIP", "None", "<none>",
                                                                                 "80/TCP"]
    blocks = kind.sh("kubectl get all").out.split("\n\n")
    assert [b.splitlines()[1].split()[0] for b in blocks] == ["pod/web-0", "service/kubernetes", "statefulset.apps/web"]
    text = kind.sh("kubectl describe svc nginx").out
    ips = [kind.state.store.get("Pod", f"web-{i}")["status"]["podIP"] for i in (0, 1)]
    assert f"Endpoints:                {ips[0]}:80,{ips[1]}:80\n" in text and "IP:                       None\n" in text


@pytest.mark.parametrize("manifest, err", [
    ("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: x}}\n",
     'The Service "s" is invalid: spec.ports: Required value\n'),
    ("apiVersion: v1\nkind: Service\nmetadata: {name: 1s}\nspec: {ports: [{port: 80}]}\n",
     "The Service \"1s\" is invalid: metadata.name: Invalid value: \"1s\": a DNS-1035 label must consist of lower case "
     "alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character "
     "(e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n"),
    ("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: Cluster, ports: [{port: 70000}]}\n",
     'The Service "s" is invalid: \n* spec.type: Unsupported value: "Cluster": supported values: "ClusterIP", '
     '"ExternalName", "LoadBalancer", "NodePort"\n* spec.ports[0].port: Invalid value: 70000: must be between 1 and '
     "65535, inclusive\n"),
])
def test_service_refusals(kind, manifest, err):
    kind.write("s.yaml", manifest)
    r = kind.sh("kubectl apply -f s.yaml")
    assert (r.code, r.err) == (1, err)


def test_a_node_port_service(kind):
    kind.write("np.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: np}\n"
                          "spec: {type: NodePort, selector: {app: x}, ports: [{port: 8080, targetPort: http}]}\n")
    kind.sh("kubectl apply -f np.yaml")
    row = kind.sh("kubectl get svc np -o wide").out.splitlines()[1].split()
    port = kind.state.store.get("Service", "np")["spec"]["ports"][0]["nodePort"]
    assert 30000 <= port <= 32767 and row[4] == f"8080:{port}/TCP" and row[6] == "app=x"
    text = kind.sh("kubectl describe svc np").out
    assert f"NodePort:                 <unset>  {port}/TCP\n" in text and "TargetPort:               http/TCP\n" in text


def test_api_resources_lists_names_short_names_and_scopes(kind):
    lines = kind.sh("kubectl api-resources").out.splitlines()
    assert lines[0].split() == ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    assert ["persistentvolumeclaims", "pvc", "v1", "true", "PersistentVolumeClaim"] in [line.split() for line in lines]
    assert lines[-1].split() == ["storageclasses", "sc", "storage.k8s.io/v1", "false", "StorageClass"]


def test_custom_columns_print_each_value_as_go_does(kind):
    kind.sh("kubectl create cm c --from-literal=b=2 --from-literal=a=1")
    kind.write("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                         "  - {name: one, image: busybox}\n  - {name: two, image: nginx}\n")
    kind.sh("kubectl apply -f p.yaml")
    assert kind.sh("kubectl get cm c -o custom-columns=NAME:.metadata.name,DATA:.data,NONE:.immutable").out == (
        "NAME   DATA           NONE\nc      map[a:1 b:2]   <none>\n")
    assert kind.sh("kubectl get pod p -o custom-columns=IMAGES:.spec.containers[*].image").out == \
        "IMAGES\nbusybox,nginx\n"


def test_version_cluster_info_and_watch(kind):
    assert kind.sh("kubectl version").out == ("Client Version: v1.33.1\nKustomize Version: v5.6.0\n"
                                              "Server Version: v1.33.1\n")
    assert kind.sh("kubectl version --client").out == "Client Version: v1.33.1\nKustomize Version: v5.6.0\n"
    assert kind.sh("kubectl cluster-info").out.startswith("Kubernetes control plane is running at https://127.0.0.1:")
    r = kind.sh("kubectl get pods -w")
    assert (r.code, r.err) == (0, "No resources found in default namespace.\n")
