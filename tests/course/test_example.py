import storagekit as sk
from storagekit.course import example


def test_both_applications_build_and_the_second_reuses_the_first_ones_steps():
    host = sk.DockerHost()
    for n in (1, 2):
        app = example.write_flask_app(host, n)
        result = host.sh(f"cd {app.directory} && docker build -t {app.tag} .")
        assert result.code == 0, result.err
    assert result.err.count("CACHED") == 2
    assert sorted(host.sh("docker images --format '{{.Repository}}'").out.split()) == [
        "mmumshad/my-custom-app", "mmumshad/my-custom-app-2"]
