"""deploy/k8s/: every manifest validates offline against the schemas of a current Kubernetes release
(kubernetes-validate ships them; nothing is fetched), strictly (an unknown field fails), and the
pieces fit together: probes on Streamlit's health URL, the Service selects the Deployment's pods,
the Ingress routes to the Service with cookie affinity, the HPA scales the Deployment on CPU."""

from __future__ import annotations

import kubernetes_validate
import pytest
import yaml

from tests.conftest import ROOT

K8S = ROOT / "deploy" / "k8s"
VERSION = "1.37.0"  # the newest release whose schemas kubernetes-validate (pinned) ships


def documents() -> list[tuple[str, dict]]:
    found = []
    for path in sorted(K8S.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if doc:
                found.append((path.name, doc))
    return found


def by_kind(kind: str) -> dict:
    matches = [doc for _, doc in documents() if doc["kind"] == kind]
    assert len(matches) == 1, f"expected one {kind} in deploy/k8s, found {len(matches)}"
    return matches[0]


def test_the_validator_has_this_release_offline():
    major, minor = (int(x) for x in kubernetes_validate.latest_version().split(".")[:2])
    assert (major, minor) >= (1, 37)


@pytest.mark.parametrize(("name", "doc"), documents(), ids=[f"{n}:{d['kind']}" for n, d in documents()])
def test_manifest_validates_strictly(name, doc):
    assert kubernetes_validate.validate(doc, VERSION, strict=True)


def test_the_validator_rejects_a_broken_manifest():
    broken = yaml.safe_load((K8S / "deployment.yaml").read_text(encoding="utf-8"))
    broken["spec"]["replicas"] = "three"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSION, strict=True)
    typo = yaml.safe_load((K8S / "service.yaml").read_text(encoding="utf-8"))
    typo["spec"]["selektor"] = typo["spec"].pop("selector")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(typo, VERSION, strict=True)


def test_deployment_probes_resources_and_replicas():
    deployment = by_kind("Deployment")
    pod = deployment["spec"]["template"]
    assert pod["metadata"]["labels"].items() >= deployment["spec"]["selector"]["matchLabels"].items()
    (container,) = pod["spec"]["containers"]
    port = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert "--server.port=" + str(port["http"]) in container["args"]
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}, probe
    assert deployment["spec"]["replicas"] >= 2
    requests = container["resources"]["requests"]
    assert {"cpu", "memory"} <= requests.keys()
    assert "memory" in container["resources"]["limits"]
    env = {e["name"]: e for e in container["env"]}
    assert "secretKeyRef" in env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]  # one secret for all replicas


def test_service_ingress_and_autoscaler_fit_the_deployment():
    deployment, service, ingress, hpa = (by_kind(k) for k in ("Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"))
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert {p["targetPort"] for p in service["spec"]["ports"]} == {"http"}

    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert annotations["nginx.ingress.kubernetes.io/affinity-mode"] == "persistent"
    assert annotations["nginx.ingress.kubernetes.io/session-cookie-name"]
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600  # idle websockets
    backends = [path["backend"]["service"] for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    assert backends and all(b["name"] == service["metadata"]["name"] for b in backends)
    assert all(b["port"]["name"] in {p["name"] for p in service["spec"]["ports"]} for b in backends)

    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert hpa["spec"]["minReplicas"] >= 2 and hpa["spec"]["maxReplicas"] > hpa["spec"]["minReplicas"]
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
