"""What the docker and kubectl clients share: both are spf13/cobra programs with spf13/pflag flags.

:mod:`.flags` parses and converts flag values as pflag does, :mod:`.values` holds
Go's conversions and their error texts, and :mod:`.command` is cobra's command
tree (persistent flags, ``-h``, ``Find`` and its suggestions). Each client keeps
its own specs, help layout and wording in its own package.
"""
