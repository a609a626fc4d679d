"""The package managers are programs every image may run, and a kit that cannot load one does not start."""

import subprocess
import sys

from storagekit.commands.runner import image_programs


def test_every_package_manager_is_a_program_of_images():
    assert {"apt-get", "apt", "dpkg", "apk", "pip", "pip3"} <= set(image_programs())


def test_a_package_manager_that_cannot_be_imported_stops_the_kit():
    """Skipping it would let ``RUN apt-get install -y curl`` build an empty layer without a word."""
    script = "import sys; sys.modules['storagekit.commands.shell.packages.apt'] = None; import storagekit"
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert ran.returncode != 0
    assert "storagekit.commands.shell.packages.apt" in ran.stderr.splitlines()[-1]
