"""Where data outlives containers: volumes of the local driver, bind mounts and tmpfs mounts."""
